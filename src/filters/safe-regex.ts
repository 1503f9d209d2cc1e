/**
 * "Matches regular expression" for intake filters, guarded against patterns whose backtracking can
 * explode. Filters run on every incoming ticket, so one careless pattern such as `(a+)+$` would let any
 * sender stall intake. The guard is a small parser of the (already compiling) pattern that rejects
 * repeated groups which could split the same text in many ways. When in doubt it rejects: an admin can
 * always rewrite a pattern, but nobody can interrupt a regex that is already running.
 */

export const MAX_PATTERN_LENGTH = 300;
/** `matches` looks at most at this many characters of a value, bounding even polynomial backtracking. */
export const MAX_REGEX_INPUT = 10_000;

export type SafeRegexResult = { ok: true; regex: RegExp } | { ok: false; reason: string };

type Atom = { kind: 'atom'; source: string; literal: string | null };
type Group = { kind: 'group'; alternatives: Node[][]; start: number; end: number; zeroWidth: boolean };
type Repeat = { kind: 'repeat'; node: Node; min: number; max: number; end: number };
type Node = Atom | Group | Repeat | { kind: 'assert' };

class Rejected extends Error {}

export function compileSafeRegex(pattern: string): SafeRegexResult {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `This regular expression is longer than ${MAX_PATTERN_LENGTH} characters.` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    return { ok: false, reason: `This regular expression does not compile: ${(error as Error).message}` };
  }
  try {
    // Parsing only after V8 accepted the pattern lets the parser assume well-formed syntax.
    const root = new Parser(pattern).parse();
    const hazard = findHazard(root, pattern);
    return hazard ? { ok: false, reason: hazard } : { ok: true, regex };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Tests a value against a compiled filter regex, looking only at its first MAX_REGEX_INPUT characters. */
export function testSafeRegex(regex: RegExp, value: string): boolean {
  return regex.test(value.length > MAX_REGEX_INPUT ? value.slice(0, MAX_REGEX_INPUT) : value);
}

// --- Parser: JavaScript regex syntax without the `u` flag, reduced to what the analysis needs ------

const QUANTIFIER = /^\{(\d+)(?:(,)(\d*))?\}/;
/** What follows \c, \x, \u when they form a control or code escape; otherwise they are identity escapes. */
const ESCAPE_TAILS: Record<string, RegExp> = { c: /^[a-z]/i, x: /^[0-9a-f]{2}/i, u: /^[0-9a-f]{4}/i };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Group {
    return { kind: 'group', alternatives: this.alternatives(), start: 0, end: this.src.length, zeroWidth: false };
  }

  private alternatives(): Node[][] {
    const alts: Node[][] = [[]];
    while (this.pos < this.src.length && this.src[this.pos] !== ')') {
      if (this.src[this.pos] === '|') {
        this.pos++;
        alts.push([]);
        continue;
      }
      const node = this.atom();
      alts[alts.length - 1].push(this.quantified(node));
    }
    return alts;
  }

  private quantified(node: Node): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      [min, max] = [c === '+' ? 1 : 0, c === '?' ? 1 : Infinity];
      this.pos++;
    } else {
      const m = c === '{' ? QUANTIFIER.exec(this.src.slice(this.pos)) : null;
      if (!m) return node; // CASE: a `{` that is no quantifier is a literal brace (Annex B syntax).
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.pos += m[0].length;
    }
    if (this.src[this.pos] === '?') this.pos++; // lazy or greedy backtracks the same way
    return { kind: 'repeat', node, min, max, end: this.pos };
  }

  private atom(): Node {
    const start = this.pos;
    const c = this.src[this.pos++];
    if (c === '^' || c === '$') return { kind: 'assert' };
    if (c === '.') return { kind: 'atom', source: '.', literal: null };
    if (c === '\\') return this.escape(start);
    if (c === '[') {
      if (this.src[this.pos] === '^') this.pos++;
      while (this.pos < this.src.length && this.src[this.pos] !== ']') this.pos += this.src[this.pos] === '\\' ? 2 : 1;
      this.pos++;
      return { kind: 'atom', source: this.src.slice(start, this.pos), literal: null };
    }
    if (c === '(') return this.group(start);
    return { kind: 'atom', source: c, literal: c };
  }

  private escape(start: number): Node {
    const c = this.src[this.pos++];
    if (/[1-9]/.test(c) || (c === 'k' && this.src[this.pos] === '<')) {
      throw new Rejected('Backreferences (\\1, \\k<name>) are not supported in filter patterns.');
    }
    if (c === 'b' || c === 'B') return { kind: 'assert' };
    const tail = ESCAPE_TAILS[c]?.exec(this.src.slice(this.pos));
    if (tail) this.pos += tail[0].length;
    if (c === '0') while (/[0-7]/.test(this.src[this.pos] ?? '') && this.pos - start < 4) this.pos++;
    const source = this.src.slice(start, this.pos);
    // Only escaped punctuation stands for itself; \d, \n, \x41 and friends are treated as classes.
    return { kind: 'atom', source, literal: source.length === 2 && /[^0-9a-z]/i.test(c) ? c : null };
  }

  private group(start: number): Group {
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('?<=') || rest.startsWith('?<!')) {
      throw new Rejected('Lookbehind ((?<=...), (?<!...)) is not supported in filter patterns.');
    }
    const named = /^\?<[A-Za-z_$][\w$]*>/.exec(rest);
    const prefix = named ? named[0] : /^\?[:=!]/.exec(rest)?.[0] ?? (rest.startsWith('?') ? null : '');
    if (prefix === null) throw new Rejected('Only (...), (?:...), (?<name>...) and lookahead groups are supported.');
    this.pos += prefix.length;
    const alternatives = this.alternatives();
    this.pos++; // the closing parenthesis
    return { kind: 'group', alternatives, start, end: this.pos, zeroWidth: prefix === '?=' || prefix === '?!' };
  }
}

// --- Analysis: star height and ambiguous alternation under repetition ------------------------------

function* descendants(node: Node): Generator<Node> {
  yield node;
  if (node.kind === 'repeat') yield* descendants(node.node);
  if (node.kind === 'group') for (const alt of node.alternatives) for (const n of alt) yield* descendants(n);
}

const EXPONENTIAL = 'which can take exponential time on some inputs.';

function findHazard(root: Group, src: string): string | null {
  const sets = new CharSets(); // shared, so each class is expanded at most once per pattern
  for (const node of descendants(root)) {
    if (node.kind !== 'repeat' || node.max <= 1 || node.node.kind !== 'group') continue;
    const group = node.node;
    const shown = src.slice(group.start, node.end);
    const inner = [...descendants(group)].slice(1);
    // A fixed count such as \d{3} adds no choice; only a variable one lets the outer loop re-split text.
    if (inner.some((n) => n.kind === 'repeat' && n.min !== n.max)) {
      return `The repeated group ${shown} contains another repetition, ${EXPONENTIAL} Rewrite it without the inner quantifier.`;
    }
    if (inner.concat(group).some((n) => n.kind === 'group' && alternativesOverlap(n, sets))) {
      return (
        `The alternatives inside the repeated group ${shown} overlap (they can start with the same character, ` +
        `or one can match nothing), ${EXPONENTIAL} Make each alternative start differently.`
      );
    }
  }
  return null;
}

interface FirstChars {
  atoms: Atom[];
  nullable: boolean;
}

/** The atoms a sequence can start with, and whether it can match the empty string. */
function firstChars(seq: Node[]): FirstChars {
  const atoms: Atom[] = [];
  for (const node of seq) {
    const first = firstOfNode(node);
    atoms.push(...first.atoms);
    if (!first.nullable) return { atoms, nullable: false };
  }
  return { atoms, nullable: true };
}

function firstOfNode(node: Node): FirstChars {
  switch (node.kind) {
    case 'atom':
      return { atoms: [node], nullable: false };
    case 'assert':
      return { atoms: [], nullable: true };
    case 'repeat': {
      const inner = firstOfNode(node.node);
      return { atoms: inner.atoms, nullable: inner.nullable || node.min === 0 };
    }
    case 'group': {
      if (node.zeroWidth) return { atoms: [], nullable: true };
      const parts = node.alternatives.map(firstChars);
      return { atoms: parts.flatMap((p) => p.atoms), nullable: parts.some((p) => p.nullable) };
    }
  }
}

function alternativesOverlap(group: Group, sets: CharSets): boolean {
  if (group.alternatives.length < 2) return false;
  const parts = group.alternatives.map(firstChars);
  // CASE: an alternative that can match nothing overlaps every other one, e.g. `(a|)+`.
  if (parts.some((p) => p.nullable)) return true;
  return parts.some((p, i) => parts.slice(i + 1).some((q) => p.atoms.some((a) => q.atoms.some((b) => sets.overlap(a, b)))));
}

/** Whether two one-character atoms can match the same character (case-insensitively, like the filter). */
class CharSets {
  private readonly bits = new Map<string, Uint32Array>();

  overlap(a: Atom, b: Atom): boolean {
    // Under the `i` flag a class matches a character iff it matches one of the same case-fold, so
    // testing a literal against the other atom is exact.
    if (a.literal !== null) return atomRegex(b).test(a.literal);
    if (b.literal !== null) return atomRegex(a).test(b.literal);
    const x = this.of(a);
    const y = this.of(b);
    return x.some((word, i) => (word & y[i]) !== 0);
  }

  /** Every UTF-16 code unit a class atom accepts: 64K tests, done only for classes under repetition. */
  private of(atom: Atom): Uint32Array {
    let set = this.bits.get(atom.source);
    if (!set) {
      set = new Uint32Array(0x10000 / 32);
      const re = atomRegex(atom);
      for (let c = 0; c < 0x10000; c++) if (re.test(String.fromCharCode(c))) set[c >>> 5] |= 1 << (c & 31);
      this.bits.set(atom.source, set);
    }
    return set;
  }
}

function atomRegex(atom: Atom): RegExp {
  return new RegExp(`^(?:${atom.source})$`, 'i');
}
