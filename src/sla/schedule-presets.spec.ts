import { addWorkingMinutes, validateSchedule, workingMinutesBetween } from './business-hours';
import {
  nthWeekdayOfMonth,
  SCHEDULE_PRESETS,
  schedule245,
  schedule247,
  schedulePreset,
  scheduleUsBusinessHours,
  usFederalHolidays,
} from './schedule-presets';

const at = (iso: string): Date => new Date(iso);

describe('usFederalHolidays', () => {
  it('lists the eleven holidays of 2026 in date order, fixed ones yearly', () => {
    expect(usFederalHolidays(2026).map((h) => [h.date, h.name, h.isYearly])).toEqual([
      ['2026-01-01', "New Year's Day", true],
      ['2026-01-19', 'Martin Luther King Jr. Day', false],
      ['2026-02-16', "Presidents' Day", false],
      ['2026-05-25', 'Memorial Day', false],
      ['2026-06-19', 'Juneteenth', true],
      ['2026-07-04', 'Independence Day', true],
      ['2026-09-07', 'Labor Day', false],
      ['2026-10-12', 'Columbus Day', false],
      ['2026-11-11', 'Veterans Day', true],
      ['2026-11-26', 'Thanksgiving Day', false],
      ['2026-12-25', 'Christmas Day', true],
    ]);
    expect(usFederalHolidays(2026).every((h) => h.startMinute === null && h.endMinute === null)).toBe(true);
  });

  it.each([
    [2024, ['2024-01-15', '2024-02-19', '2024-05-27', '2024-09-02', '2024-10-14', '2024-11-28']],
    [2025, ['2025-01-20', '2025-02-17', '2025-05-26', '2025-09-01', '2025-10-13', '2025-11-27']],
    [2027, ['2027-01-18', '2027-02-15', '2027-05-31', '2027-09-06', '2027-10-11', '2027-11-25']],
  ])('floating holidays of %d', (year, dates) => {
    expect(usFederalHolidays(year).filter((h) => !h.isYearly).map((h) => h.date)).toEqual(dates);
  });

  // CASE: "last Monday of May" when May 31 itself is a Monday (2027) and when it is not (2028).
  it.each([
    [2027, 5, 1, -1, 31],
    [2028, 5, 1, -1, 29],
    [2026, 9, 1, 1, 7],
    [2026, 11, 4, 4, 26],
    [2026, 3, 0, 2, 8],
  ])('nthWeekdayOfMonth(%d, %d, weekday %d, n %d) = %d', (year, month, weekday, n, day) => {
    expect(nthWeekdayOfMonth(year, month, weekday, n)).toBe(day);
  });
});

describe('schedule presets', () => {
  it.each([
    ['24/7', schedule247(), 7 * 1440],
    ['24/5', schedule245(), 5 * 1440],
    ['24/5 in Tokyo', schedule245('Asia/Tokyo'), 5 * 1440],
  ])('%s is valid and has the expected weekly minutes', (_case, preset, minutes) => {
    expect(validateSchedule(preset)).toEqual({});
    expect(workingMinutesBetween(preset, at('2026-01-05T00:00Z'), at('2026-01-12T00:00Z'))).toBe(minutes);
  });

  it('24/5 closes the weekend in its own zone', () => {
    expect(addWorkingMinutes(schedule245('Asia/Tokyo'), at('2026-01-09T23:00+09:00'), 120)).toEqual(at('2026-01-12T01:00+09:00'));
  });

  it('US business hours: Mon-Fri 8-17 in New York, yearly fixed and per-year floating holidays', () => {
    const preset = scheduleUsBusinessHours({ fromYear: 2026, toYear: 2027 });
    expect(preset).toMatchObject({ name: 'Mon-Fri 8-17 with US holidays', timezone: 'America/New_York' });
    expect(preset.weeklyHours).toEqual([1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 480, endMinute: 1020 })));
    expect(preset.holidays.filter((h) => h.isYearly)).toHaveLength(5);
    expect(preset.holidays.filter((h) => !h.isYearly).map((h) => h.date)).toContain('2027-11-25');
    expect(preset.holidays).toHaveLength(5 + 2 * 6);
    expect(validateSchedule(preset)).toEqual({});
  });

  it.each([
    ['Thanksgiving 2026 (floating)', '2026-11-25T16:00-05:00', '2026-11-27T09:00-05:00'],
    ['Christmas 2026 (yearly, a Friday)', '2026-12-24T16:00-05:00', '2026-12-28T09:00-05:00'],
    ['Independence Day 2028 although only 2026-2027 were asked (yearly)', '2028-07-03T16:00-04:00', '2028-07-05T09:00-04:00'],
    ['Thanksgiving 2028 is not generated (outside the years asked)', '2028-11-22T16:00-05:00', '2028-11-23T09:00-05:00'],
  ])('US business hours close on %s', (_case, start, due) => {
    const preset = scheduleUsBusinessHours({ fromYear: 2026, toYear: 2027 });
    expect(addWorkingMinutes(preset, at(start), 120)).toEqual(at(due));
  });

  it('US business hours take another zone', () => {
    expect(scheduleUsBusinessHours({ timezone: 'America/Los_Angeles', fromYear: 2026, toYear: 2026 }).timezone).toBe('America/Los_Angeles');
  });

  it.each([
    [2027, 2026],
    [2026.5, 2027],
    [2000, 2200],
  ])('rejects the year range %d-%d', (fromYear, toYear) => {
    expect(() => scheduleUsBusinessHours({ fromYear, toYear })).toThrow(RangeError);
  });

  it('schedulePreset builds every listed preset', () => {
    for (const { key, name } of SCHEDULE_PRESETS) {
      const preset = schedulePreset(key, { fromYear: 2026, toYear: 2026 });
      expect(preset.name).toBe(name);
      expect(validateSchedule(preset)).toEqual({});
    }
  });
});
