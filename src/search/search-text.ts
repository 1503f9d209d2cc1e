/**
 * Quick-search text as plain parts: never handed to a full-text engine as syntax. Quotes, operators
 * (+ - * " ( ) ~ < > @ NEAR AND OR NOT), and other punctuation become word breaks, so unbalanced quotes or
 * FTS operators cannot make a query fail. Pure.
 */
export interface SearchText {
  /** The text as typed (trimmed); a ticket number is compared to it exactly (a leading # dropped). */
  number: string | null;
  /** Set when the text is an email address: matches the user's address exactly. */
  email: string | null;
  /** A name prefix (users' names), when the text is not an email address. */
  name: string | null;
  /** Words (letters and digits) of at least MIN_TERM characters, lower-cased, at most MAX_TERMS. */
  terms: string[];
}

/** InnoDB's default full-text minimum token size; the same rule on SQLite so both find the same tickets. */
export const MIN_TERM = 3;
export const MAX_TERMS = 8;
const MAX_TERM = 64;

const EMAIL = /^[^\s@<>"]{1,64}@[^\s@<>"]{1,189}$/;

export function parseSearchText(text: string): SearchText {
  const trimmed = text.trim();
  const number = /^#?[A-Za-z0-9][A-Za-z0-9-]{0,31}$/.test(trimmed) ? trimmed.replace(/^#/, '') : null;
  const email = EMAIL.test(trimmed) ? trimmed.toLowerCase() : null;
  const name = !email && trimmed.length >= 2 && trimmed.length <= 128 && /[\p{L}\p{N}]/u.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : null;
  const words = trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.filter((w) => w.length >= MIN_TERM).map((w) => w.slice(0, MAX_TERM)))].slice(0, MAX_TERMS);
  return { number, email, name, terms };
}

/** Whether the text gives the search anything to look for. */
export function isSearchable(parts: SearchText): boolean {
  return parts.number !== null || parts.email !== null || parts.name !== null || parts.terms.length > 0;
}

/** MySQL/MariaDB boolean-mode query: every word required, each as a prefix (`+word*`). Terms hold only letters and digits. */
export function mysqlBooleanQuery(terms: string[]): string {
  return terms.map((t) => `+${t}*`).join(' ');
}

/** SQLite FTS5 query: every word required, each a quoted prefix (`"word"*`). Terms hold only letters and digits. */
export function fts5Query(terms: string[]): string {
  return terms.map((t) => `"${t}"*`).join(' ');
}
