import { HolidaySpec, ScheduleSpec, WeeklyHoursSpec } from './business-hours';

/** Ready-made schedules an admin can start from (and the fresh install's default). Pure: years are passed in. */

export interface SchedulePreset extends ScheduleSpec {
  name: string;
}

export type SchedulePresetKey = '24/7' | '24/5' | 'us-business-hours';

export interface SchedulePresetOptions {
  /** IANA zone; defaults to UTC for the round-the-clock presets and America/New_York for US business hours. */
  timezone?: string;
  /** Years whose floating US holidays are generated (inclusive); only used by 'us-business-hours'. */
  fromYear: number;
  toYear: number;
}

export const SCHEDULE_PRESETS: readonly { key: SchedulePresetKey; name: string }[] = [
  { key: '24/7', name: '24/7' },
  { key: '24/5', name: '24/5' },
  { key: 'us-business-hours', name: 'Mon-Fri 8-17 with US holidays' },
];

const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];
const MAX_YEARS = 100;

const openWindow = (weekday: number, startMinute: number, endMinute: number): WeeklyHoursSpec => ({ weekday, startMinute, endMinute });

/** Every day, all day. */
export function schedule247(timezone = 'UTC'): SchedulePreset {
  return { name: '24/7', timezone, weeklyHours: [0, 1, 2, 3, 4, 5, 6].map((d) => openWindow(d, 0, 1440)), holidays: [] };
}

/** Monday to Friday, all day (weekends closed in the given zone). */
export function schedule245(timezone = 'UTC'): SchedulePreset {
  return { name: '24/5', timezone, weeklyHours: MONDAY_TO_FRIDAY.map((d) => openWindow(d, 0, 1440)), holidays: [] };
}

/**
 * Monday to Friday 8:00-17:00 with the US federal holidays: fixed-date ones once as yearly holidays,
 * floating ones (nth weekday) as one-off dates for each year from fromYear to toYear.
 */
export function scheduleUsBusinessHours(options: SchedulePresetOptions): SchedulePreset {
  const { fromYear, toYear, timezone = 'America/New_York' } = options;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || toYear - fromYear >= MAX_YEARS) {
    throw new RangeError(`Invalid holiday years ${fromYear}-${toYear}: whole years, from <= to, at most ${MAX_YEARS}`);
  }
  const holidays = usFederalHolidays(fromYear).filter((h) => h.isYearly);
  for (let year = fromYear; year <= toYear; year++) holidays.push(...usFederalHolidays(year).filter((h) => !h.isYearly));
  return {
    name: 'Mon-Fri 8-17 with US holidays',
    timezone,
    weeklyHours: MONDAY_TO_FRIDAY.map((d) => openWindow(d, 8 * 60, 17 * 60)),
    holidays: holidays.sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export function schedulePreset(key: SchedulePresetKey, options: SchedulePresetOptions): SchedulePreset {
  switch (key) {
    case '24/7':
      return schedule247(options.timezone);
    case '24/5':
      return schedule245(options.timezone);
    case 'us-business-hours':
      return scheduleUsBusinessHours(options);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`;

/** Day of month of the nth (1-based) `weekday` of a month; n = -1 means the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): number {
  if (n === -1) {
    const last = new Date(Date.UTC(year, month, 0));
    return last.getUTCDate() - ((last.getUTCDay() - weekday + 7) % 7);
  }
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((weekday - firstWeekday + 7) % 7) + (n - 1) * 7;
}

const FIXED: [month: number, day: number, name: string][] = [
  [1, 1, "New Year's Day"],
  [6, 19, 'Juneteenth'],
  [7, 4, 'Independence Day'],
  [11, 11, 'Veterans Day'],
  [12, 25, 'Christmas Day'],
];

const FLOATING: [month: number, weekday: number, n: number, name: string][] = [
  [1, 1, 3, 'Martin Luther King Jr. Day'],
  [2, 1, 3, "Presidents' Day"],
  [5, 1, -1, 'Memorial Day'],
  [9, 1, 1, 'Labor Day'],
  [10, 1, 2, 'Columbus Day'],
  [11, 4, 4, 'Thanksgiving Day'],
];

/**
 * The eleven US federal holidays of a year, in date order. Fixed-date ones are flagged yearly.
 * CASE: no "observed" weekday is added when a fixed holiday falls on a weekend (a yearly date cannot move);
 * an admin who closes on the observed Friday/Monday adds that day as a one-off holiday.
 */
export function usFederalHolidays(year: number): HolidaySpec[] {
  const fixed = FIXED.map(([month, day, name]) => ({ name, date: isoDate(year, month, day), isYearly: true }));
  const floating = FLOATING.map(([month, weekday, n, name]) => ({
    name,
    date: isoDate(year, month, nthWeekdayOfMonth(year, month, weekday, n)),
    isYearly: false,
  }));
  return [...fixed, ...floating]
    .map((h) => ({ ...h, startMinute: null, endMinute: null }))
    .sort((a, b) => a.date.localeCompare(b.date));
}
