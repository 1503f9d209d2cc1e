import 'reflect-metadata';
import { ConfigError } from '../config/app-config';
import { configFromEnvironment } from '../config/environment';
import { runCli } from './cli';

/** `npm run cli -- <command>`: see cli.ts for the commands. */
async function main(): Promise<number> {
  return runCli(process.argv.slice(2), configFromEnvironment());
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
