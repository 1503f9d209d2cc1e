import type { FormErrors } from '../common/view-models';

/** The longest period the report covers at once. */
export const MAX_REPORT_DAYS = 366;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ReportRange {
  /** As typed (YYYY-MM-DD), for the form. */
  from: string;
  to: string;
  /** [start, end): from's midnight UTC to the midnight after `to`. */
  start: Date;
  end: Date;
}

export type RangeResult = { ok: true; range: ReportRange } | { ok: false; from: string; to: string; errors: FormErrors };

/**
 * The report's period from `?from=&to=` (dates, both included, UTC). Without them: the last 30 days up to
 * today. A date that is not one, an end before the start, or more than MAX_REPORT_DAYS days is refused.
 */
export function parseReportRange(query: Record<string, unknown>, now: Date): RangeResult {
  const today = now.toISOString().slice(0, 10);
  const text = (v: unknown, fallback: string) => (v === undefined || v === '' ? fallback : typeof v === 'string' ? v.trim().slice(0, 20) : '?');
  const to = text(query.to, today);
  const endDay = toDate(to);
  const from = text(query.from, new Date((endDay ?? toDate(today)!).getTime() - 29 * DAY_MS).toISOString().slice(0, 10));
  const errors: FormErrors = {};
  const start = toDate(from);
  if (!start) errors.from = 'Enter the start as a date (YYYY-MM-DD).';
  if (!endDay) errors.to = 'Enter the end as a date (YYYY-MM-DD).';
  if (start && endDay) {
    const days = (endDay.getTime() - start.getTime()) / DAY_MS + 1;
    if (days < 1) errors.to = 'The end must be on or after the start.';
    else if (days > MAX_REPORT_DAYS) errors.to = `Choose a period of at most ${MAX_REPORT_DAYS} days.`;
  }
  if (Object.keys(errors).length > 0 || !start || !endDay) return { ok: false, from, to, errors };
  return { ok: true, range: { from, to, start, end: new Date(endDay.getTime() + DAY_MS) } };
}

/** A real calendar date (2026-02-30 is not one), at midnight UTC. */
function toDate(value: string): Date | null {
  if (!DATE.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}
