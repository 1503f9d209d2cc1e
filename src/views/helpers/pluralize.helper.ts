/**
 * `{{pluralize count "file"}}` -> "1 file", "3 files"; `{{pluralize n "reply" "replies"}}` for irregular
 * words. Only exactly 1 takes the singular ("0 files").
 */
export function pluralize(count: unknown, singular: unknown, ...rest: unknown[]): string {
  rest.pop(); // Handlebars options
  const n = Number(count);
  const one = String(singular ?? '');
  const many = typeof rest[0] === 'string' ? rest[0] : `${one}s`;
  const shown = Number.isFinite(n) ? String(n) : '0';
  return `${shown} ${n === 1 ? one : many}`;
}
