/** Reading wall-clock time in an IANA time zone with Intl (Node ships full ICU). Pure. */

const formatters = new Map<string, Intl.DateTimeFormat>();
const NUMERIC = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', ...NUMERIC });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time at instant `ms` in `zone`, written as if it were a UTC timestamp ("wall ms"). */
export function wallMs(zone: string, ms: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}
