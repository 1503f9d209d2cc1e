import { addWorkingMinutes, ScheduleSpec, workingMinutesBetween } from './business-hours';

/**
 * SLA due dates, met/breached state and the timeline. Pure: `now` is passed in (the caller reads its Clock).
 *
 * Targets count working minutes of the plan's schedule (calendar minutes when it has none) from `startedAt`,
 * minus the working minutes inside pauses. Callers model the ticket's history explicitly:
 *  - a reopened ticket keeps the ORIGINAL startedAt and passes resolvedAt = null; the closed period should be
 *    passed as a pause so that closed time never counts;
 *  - a plan change is a recomputation with the new plan from the same startedAt (it may be overdue at once);
 *  - a manual due date, when set, wins over the computed resolution due for `effectiveDueAt`/`isOverdue`.
 */

export interface SlaPlanSpec {
  firstResponseHours: number | null;
  resolutionHours: number;
  schedule: ScheduleSpec | null;
}

export interface SlaPause {
  start: Date;
  /** null = still paused. */
  end: Date | null;
}

export interface SlaInput {
  plan: SlaPlanSpec;
  startedAt: Date;
  pauses: SlaPause[];
  firstRespondedAt: Date | null;
  /** The CURRENT resolution; null while open (also after a reopen). */
  resolvedAt: Date | null;
  now: Date;
  manualDueAt?: Date | null;
}

export interface SlaTarget {
  /** null while the clock is paused and the target has not been reached yet. */
  dueAt: Date | null;
  metAt: Date | null;
  breached: boolean;
  breachedAt: Date | null;
  /** Working minutes left (negative = overdue by that much), rounded up; frozen while paused; null once the event happened. */
  remainingMinutes: number | null;
}

export interface SlaResult {
  /** null when the plan has no first-response target. */
  firstResponse: SlaTarget | null;
  resolution: SlaTarget;
  isPaused: boolean;
  /** The manual due date when set, else the resolution due. */
  effectiveDueAt: Date | null;
  isOverdue: boolean;
}

export type TimelineKind =
  | 'started'
  | 'paused'
  | 'resumed'
  | 'first_response_due'
  | 'first_response_met'
  | 'first_response_breached'
  | 'resolution_due'
  | 'resolution_met'
  | 'resolution_breached';

export interface TimelineEvent {
  at: Date;
  kind: TimelineKind;
  note: string;
}

const MINUTE = 60_000;
/** Upper bound for targets: a year of calendar hours keeps due-date searches short and sane. */
export const MAX_TARGET_HOURS = 8760;

/** A pause in epoch ms; end = Infinity while it is still running. */
interface Span {
  start: number;
  end: number;
}

/**
 * Pauses clipped to [startedAt, asOf], sorted and merged. A pause still running at asOf is closed there when
 * the target is settled (its clock stopped anyway) and left open (Infinity) otherwise.
 */
function pauseSpans(pauses: SlaPause[], startedAt: number, asOf: number, settled: boolean): Span[] {
  const spans = pauses
    .map((p) => {
      const end = p.end !== null && p.end.getTime() <= asOf ? p.end.getTime() : settled ? asOf : Infinity;
      return { start: Math.max(p.start.getTime(), startedAt), end };
    })
    .filter((p) => p.start <= asOf && p.start < p.end)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const p of spans) {
    const last = merged[merged.length - 1];
    // CASE: overlapping pauses (e.g. a status pause inside a closed period) count once.
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

function workingMs(schedule: ScheduleSpec | null, from: number, to: number): number {
  return to > from ? Math.round(workingMinutesBetween(schedule, new Date(from), new Date(to)) * MINUTE) : 0;
}

/** The instant the target is used up, walking the running stretches between pauses; null if paused before it. */
function dueInstant(schedule: ScheduleSpec | null, startedAt: number, targetMs: number, spans: Span[]): number | null {
  let cursor = startedAt;
  let remaining = targetMs;
  for (const pause of spans) {
    const available = workingMs(schedule, cursor, pause.start);
    if (remaining <= available) return addWorkingMinutes(schedule, new Date(cursor), remaining / MINUTE).getTime();
    remaining -= available;
    // CASE: paused now and the target not yet reached: the due date depends on when the clock resumes.
    if (pause.end === Infinity) return null;
    cursor = Math.max(cursor, pause.end);
  }
  return addWorkingMinutes(schedule, new Date(cursor), remaining / MINUTE).getTime();
}

function evaluate(input: SlaInput, hours: number, event: Date | null): SlaTarget {
  const { schedule } = input.plan;
  const now = input.now.getTime();
  const startedAt = input.startedAt.getTime();
  const eventAt = event !== null && event.getTime() <= now ? event.getTime() : null;
  const asOf = eventAt ?? now;
  const spans = pauseSpans(input.pauses, startedAt, asOf, eventAt !== null);
  const targetMs = hours * 60 * MINUTE;
  const due = dueInstant(schedule, startedAt, targetMs, spans);
  // Met = the event happened at or before the due time; breached = the event (or now) is past it.
  const breachedAt = due !== null && asOf > due ? new Date(due) : null;
  const breached = breachedAt !== null;
  let remainingMinutes: number | null = null;
  if (eventAt === null) {
    const paused = spans.reduce((sum, p) => sum + workingMs(schedule, p.start, Math.min(p.end, asOf)), 0);
    const elapsed = workingMs(schedule, startedAt, asOf) - paused;
    remainingMinutes = Math.ceil((targetMs - elapsed) / MINUTE) || 0;
  }
  return {
    dueAt: due === null ? null : new Date(due),
    metAt: eventAt !== null && !breached ? new Date(eventAt) : null,
    breached,
    breachedAt,
    remainingMinutes,
  };
}

/** Due dates and met/breached state of both targets at `now`; see the file comment for reopen and plan change. */
export function computeSla(input: SlaInput): SlaResult {
  const now = input.now.getTime();
  const resolution = evaluate(input, input.plan.resolutionHours, input.resolvedAt);
  const firstResponse =
    input.plan.firstResponseHours === null ? null : evaluate(input, input.plan.firstResponseHours, input.firstRespondedAt);
  const isPaused = input.pauses.some((p) => p.start.getTime() <= now && (p.end === null || p.end.getTime() > now));
  // CASE: a manual due date is absolute: it wins over the computed due and does not stop while paused.
  const effectiveDueAt = input.manualDueAt ?? resolution.dueAt;
  const resolved = input.resolvedAt !== null && input.resolvedAt.getTime() <= now;
  const isOverdue = !resolved && effectiveDueAt !== null && now > effectiveDueAt.getTime();
  return { firstResponse, resolution, isPaused, effectiveDueAt, isOverdue };
}

const TARGET_NOTES = {
  first_response: { due: 'First response due', met: 'First response sent in time', breached: 'First response target missed' },
  resolution: { due: 'Resolution due', met: 'Resolved in time', breached: 'Resolution target missed' },
} as const;

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? (m > 0 ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

/** The SLA story of a ticket, sorted by time (ties keep this order: start, pauses, due, met/breached). */
export function slaTimeline(input: SlaInput): TimelineEvent[] {
  const result = computeSla(input);
  const events: TimelineEvent[] = [{ at: input.startedAt, kind: 'started', note: 'SLA clock started' }];
  for (const p of pauseSpans(input.pauses, input.startedAt.getTime(), input.now.getTime(), false)) {
    events.push({ at: new Date(p.start), kind: 'paused', note: 'Clock paused' });
    if (p.end !== Infinity) {
      events.push({ at: new Date(p.end), kind: 'resumed', note: `Clock resumed after ${formatDuration(p.end - p.start)}` });
    }
  }
  const targets = [
    ['first_response', result.firstResponse],
    ['resolution', result.resolution],
  ] as const;
  for (const [name, target] of targets) {
    if (!target) continue;
    const notes = TARGET_NOTES[name];
    if (target.dueAt) events.push({ at: target.dueAt, kind: `${name}_due`, note: notes.due });
    if (target.metAt) events.push({ at: target.metAt, kind: `${name}_met`, note: notes.met });
    if (target.breachedAt) events.push({ at: target.breachedAt, kind: `${name}_breached`, note: notes.breached });
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const isWholeHours = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_TARGET_HOURS;

/** Field -> message for an SLA plan form; targets are whole hours from 1 to MAX_TARGET_HOURS, first response <= resolution. */
export function validateSlaPlan(plan: { firstResponseHours: number | null; resolutionHours: number }): Record<string, string> {
  const errors: Record<string, string> = {};
  const message = `Must be a whole number of hours from 1 to ${MAX_TARGET_HOURS}.`;
  if (!isWholeHours(plan.resolutionHours)) errors.resolutionHours = message;
  if (plan.firstResponseHours !== null && plan.firstResponseHours !== undefined) {
    if (!isWholeHours(plan.firstResponseHours)) errors.firstResponseHours = message;
    else if (isWholeHours(plan.resolutionHours) && plan.firstResponseHours > plan.resolutionHours) {
      errors.firstResponseHours = 'The first-response target cannot be longer than the resolution target.';
    }
  }
  return errors;
}
