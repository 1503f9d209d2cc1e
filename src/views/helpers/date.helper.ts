const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `{{date createdAt}}`: an ISO-8601 string -> "23 Nov 2026, 14:05" (UTC, 24-hour clock).
 * Formatted by hand rather than with Intl so the output does not drift with the ICU version (en-GB
 * has changed "Sep" to "Sept"). Empty string for null, empty or unparseable input.
 */
export function date(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const parsed = value instanceof Date ? value : new Date(String(value));
  const time = parsed.getTime();
  if (Number.isNaN(time)) return '';
  const d = new Date(time);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm}`;
}
