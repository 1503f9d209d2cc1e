export interface DiffLine {
  kind: 'added' | 'removed' | 'changed';
  text: string;
}

/**
 * An audit record's before and after as readable lines: `name: "Sales" → "Sales & Marketing"` for a
 * change, `+ name: "Sales"` for a value only after (a creation), `- name: "Sales"` for one only before
 * (a deletion). Values print as JSON, so strings are quoted and null, numbers and lists are unambiguous.
 */
export function diffLines(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffLine[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.map((key) => {
    if (!(key in b)) return { kind: 'added', text: `+ ${key}: ${show(a[key])}` };
    if (!(key in a)) return { kind: 'removed', text: `- ${key}: ${show(b[key])}` };
    return { kind: 'changed', text: `${key}: ${show(b[key])} → ${show(a[key])}` };
  });
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
