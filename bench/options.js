'use strict';
// The command-line parser the bench scripts share: --name value, --name=value, kebab-case names mapped to
// camelCase keys of `defaults`, numbers checked, and `flags` (name -> function applied to the options) for
// switches that take no value.

function parseOptions(argv, { defaults, numeric, flags = {}, usage }) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === '--help' || arg === '-h') { console.log(usage()); process.exit(0); }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
    arg = arg.slice(2);
    let value = null;
    const eq = arg.indexOf('=');
    if (eq >= 0) { value = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const key = arg.replace(/-([a-z])/g, (_m, c) => c.toUpperCase());
    if (flags[key]) { flags[key](o); continue; }
    if (!(key in o)) throw new Error(`unknown option --${arg}\n\n${usage()}`);
    if (value === null) value = argv[++i];
    if (value === undefined) throw new Error(`--${arg} needs a value`);
    if (numeric.has(key)) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${arg} must be a number`);
      o[key] = n;
    } else {
      o[key] = value;
    }
  }
  return o;
}

module.exports = { parseOptions };
