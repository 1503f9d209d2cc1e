/**
 * `{{#if (eq a b)}}`: loose comparison as strings, because form values arrive as strings ("3") while
 * view-model ids are numbers (3). null and undefined compare equal to "" (an empty form value).
 */
export function eq(a: unknown, b: unknown): boolean {
  return asText(a) === asText(b);
}

function asText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}
