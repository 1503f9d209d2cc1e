/**
 * A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally. Use it with
 * `ESCAPE '!'`: the one escape character SQLite and MySQL spell the same way (a backslash needs
 * doubling in MySQL string literals and not in SQLite's).
 */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** A LIKE pattern matching values that start with `text` (with `ESCAPE '!'`). */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
