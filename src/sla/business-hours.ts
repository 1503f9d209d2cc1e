/**
 * Business-hours arithmetic for SLA schedules. Pure: every instant is passed in, nothing reads the clock.
 *
 * Hours are local wall-clock times in the schedule's IANA zone, so "8:00-17:00" stays 8:00-17:00 across
 * daylight-saving changes. Working time is the REAL time elapsed between the UTC instants of a window's local
 * start and end (so a 0:00-24:00 day lasts 23 h on spring-forward and 25 h on fall-back, while an 8:00-17:00
 * day away from the change is always 9 h). Local times that do not exist (the skipped hour) mean the first
 * valid instant after the gap; local times that occur twice (the repeated hour) mean their first occurrence.
 */

import { wallMs } from './zone-clock';

export interface WeeklyHoursSpec {
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface HolidaySpec {
  name: string;
  /** YYYY-MM-DD in the schedule's zone. */
  date: string;
  isYearly: boolean;
  /** Both null = the whole day; otherwise only this local window is closed. */
  startMinute: number | null;
  endMinute: number | null;
}

export interface ScheduleSpec {
  timezone: string;
  weeklyHours: WeeklyHoursSpec[];
  holidays: HolidaySpec[];
}

export interface WorkingInterval {
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const DAY_MINUTES = 1440;
/** addWorkingMinutes gives up after this many local days without any working time (validation prevents it). */
const MAX_IDLE_DAYS = 3 * 366;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// ---------------------------------------------------------------------------------------------- time zones

function offsetAt(zone: string, ms: number): number {
  return wallMs(zone, ms) - Math.floor(ms / 1000) * 1000;
}

/** The instant of a local wall time (wall ms). Assumes at most one offset change within a day either side. */
function wallToInstant(zone: string, wall: number): number {
  const early = offsetAt(zone, wall - DAY);
  const late = offsetAt(zone, wall + DAY);
  if (early === late) return wall - early;
  const fits = [wall - early, wall - late].filter((t) => offsetAt(zone, t) === wall - t);
  // CASE: fall-back repeats an hour; a repeated wall time means its first occurrence.
  if (fits.length > 0) return Math.min(...fits);
  // CASE: spring-forward skips an hour; a skipped wall time means the first instant after the gap.
  let lo = Math.floor((wall - late) / 1000);
  let hi = Math.ceil((wall - early) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * 1000) === early) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

/** Local calendar day of an instant, as whole days since 1970-01-01. */
function localDay(zone: string, ms: number): number {
  return Math.floor(wallMs(zone, ms) / DAY);
}

// ------------------------------------------------------------------------------------------------ schedule

type Window = [number, number];

interface Compiled {
  zone: string;
  week: Window[][];
  /** Closed local windows keyed by "YYYY-MM-DD" (one-off) or "MM-DD" (yearly). */
  closures: Map<string, Window[]>;
}

function compile(schedule: ScheduleSpec): Compiled {
  const week: Window[][] = WEEKDAYS.map(() => []);
  for (const h of schedule.weeklyHours) week[h.weekday]?.push([h.startMinute, h.endMinute]);
  for (const windows of week) windows.sort((a, b) => a[0] - b[0]);
  const closures = new Map<string, Window[]>();
  for (const h of schedule.holidays) {
    const key = h.isYearly ? h.date.slice(5) : h.date;
    const partial = h.startMinute !== null && h.endMinute !== null;
    closures.set(key, [...(closures.get(key) ?? []), partial ? [h.startMinute!, h.endMinute!] : [0, DAY_MINUTES]]);
  }
  return { zone: schedule.timezone, week, closures };
}

function subtract(windows: Window[], holes: Window[]): Window[] {
  let open = windows;
  for (const [hs, he] of holes) {
    open = open.flatMap(([s, e]): Window[] => [
      [s, Math.min(e, hs)],
      [Math.max(s, he), e],
    ]).filter(([s, e]) => s < e);
  }
  return open;
}

/** The open instants [start, end) of one local day, holidays removed. */
function dayIntervals(c: Compiled, day: number): Window[] {
  const date = new Date(day * DAY);
  const iso = date.toISOString().slice(0, 10);
  // CASE: a yearly Feb 29 holiday keys on "02-29", which only leap years have.
  const holes = [...(c.closures.get(iso) ?? []), ...(c.closures.get(iso.slice(5)) ?? [])];
  return subtract(c.week[date.getUTCDay()], holes)
    .map(([s, e]): Window => [wallToInstant(c.zone, day * DAY + s * MINUTE), wallToInstant(c.zone, day * DAY + e * MINUTE)])
    .filter(([s, e]) => s < e);
}

// -------------------------------------------------------------------------------------------------- public

/** The working intervals (UTC instants) between from and to, holidays removed, in order; touching ones merged. */
export function workingIntervals(schedule: ScheduleSpec, from: Date, to: Date): WorkingInterval[] {
  const c = compile(schedule);
  const f = from.getTime();
  const t = to.getTime();
  const out: WorkingInterval[] = [];
  if (!(t > f)) return out;
  // Windows never cross local midnight, so only the local days from `from` to `to` can contribute.
  for (let day = localDay(c.zone, f), last = localDay(c.zone, t); day <= last; day++) {
    for (const [s, e] of dayIntervals(c, day)) {
      const a = Math.max(s, f);
      const b = Math.min(e, t);
      if (a >= b) continue;
      const prev = out[out.length - 1];
      if (prev && prev.end.getTime() === a) prev.end = new Date(b);
      else out.push({ start: new Date(a), end: new Date(b) });
    }
  }
  return out;
}

/**
 * The instant when `minutes` of working time have elapsed after `start` (which may be outside hours).
 * A null schedule means calendar time (24/7 in UTC). Walks day by day, never minute by minute.
 */
export function addWorkingMinutes(schedule: ScheduleSpec | null, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Working minutes must be >= 0, got ${minutes}`);
  let remaining = Math.round(minutes * MINUTE);
  const s = start.getTime();
  // CASE: zero minutes is `start` itself, even outside hours: nothing has to elapse.
  if (schedule === null || remaining === 0) return new Date(s + remaining);
  const c = compile(schedule);
  let idleSince = localDay(c.zone, s);
  for (let day = idleSince; day - idleSince <= MAX_IDLE_DAYS; day++) {
    for (const [a, b] of dayIntervals(c, day)) {
      const from = Math.max(a, s);
      if (from >= b) continue;
      idleSince = day;
      // CASE: a target that ends exactly at closing time is due at closing, not at the next opening.
      if (remaining <= b - from) return new Date(from + remaining);
      remaining -= b - from;
    }
  }
  throw new Error(`No working time in the 3 years after ${start.toISOString()}; check the schedule's hours and holidays`);
}

/** Working minutes between two instants (0 when `to` is not after `from`); fractional for partial minutes. */
export function workingMinutesBetween(schedule: ScheduleSpec | null, from: Date, to: Date): number {
  const f = from.getTime();
  const t = to.getTime();
  if (!(t > f)) return 0;
  if (schedule === null) return (t - f) / MINUTE;
  return workingIntervals(schedule, from, to).reduce((sum, i) => sum + i.end.getTime() - i.start.getTime(), 0) / MINUTE;
}

export function isValidTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date written YYYY-MM-DD (rejects 2026-02-30 and 2026-13-01). */
export function isValidLocalDate(date: unknown): boolean {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number);
  return y >= 100 && new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === date;
}

const isMinute = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= DAY_MINUTES;

/**
 * Field -> message for a schedule form; empty when valid. Rules: a known IANA zone, at least one window,
 * windows within one day (start < end, 0..1440, no crossing midnight), no overlaps on a weekday, holidays on
 * real dates, partial holidays with both minutes and start < end.
 */
export function validateSchedule(input: ScheduleSpec): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isValidTimeZone(input.timezone)) {
    errors.timezone = `Unknown time zone "${input.timezone ?? ''}"; use an IANA name such as America/New_York.`;
  }
  const hours = Array.isArray(input.weeklyHours) ? input.weeklyHours : [];
  if (hours.length === 0) errors.weeklyHours = 'The schedule has no working hours; add at least one window.';
  const valid: (WeeklyHoursSpec & { index: number })[] = [];
  hours.forEach((h, index) => {
    const key = `weeklyHours.${index}`;
    if (!Number.isInteger(h.weekday) || h.weekday < 0 || h.weekday > 6) errors[key] = 'Weekday must be 0 (Sunday) to 6 (Saturday).';
    else if (!isMinute(h.startMinute) || !isMinute(h.endMinute)) errors[key] = 'Start and end must be whole minutes from 0 to 1440.';
    // CASE: a night shift crossing midnight is entered as two windows, one on each day.
    else if (h.startMinute >= h.endMinute) errors[key] = 'Start must be before end; a window cannot cross midnight.';
    else valid.push({ ...h, index });
  });
  for (const a of valid) {
    const clash = valid.find((b) => b.index < a.index && b.weekday === a.weekday && b.startMinute < a.endMinute && a.startMinute < b.endMinute);
    if (clash) errors[`weeklyHours.${a.index}`] = `Overlaps another window on ${WEEKDAYS[a.weekday]}.`;
  }
  (Array.isArray(input.holidays) ? input.holidays : []).forEach((h, index) => {
    const key = `holidays.${index}`;
    if (typeof h.name !== 'string' || h.name.trim() === '') errors[`${key}.name`] = 'Name is required.';
    if (!isValidLocalDate(h.date)) errors[`${key}.date`] = 'Date must be a real date written YYYY-MM-DD.';
    const hasStart = h.startMinute !== null && h.startMinute !== undefined;
    const hasEnd = h.endMinute !== null && h.endMinute !== undefined;
    if (hasStart !== hasEnd) errors[`${key}.${hasStart ? 'endMinute' : 'startMinute'}`] = 'A partial holiday needs both a start and an end.';
    else if (hasStart && (!isMinute(h.startMinute) || !isMinute(h.endMinute))) errors[`${key}.startMinute`] = 'Start and end must be whole minutes from 0 to 1440.';
    else if (hasStart && h.startMinute! >= h.endMinute!) errors[`${key}.endMinute`] = 'End must be after start.';
  });
  return errors;
}
