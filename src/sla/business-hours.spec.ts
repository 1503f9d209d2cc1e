import {
  addWorkingMinutes,
  HolidaySpec,
  ScheduleSpec,
  validateSchedule,
  workingIntervals,
  workingMinutesBetween,
} from './business-hours';

const at = (iso: string): Date => new Date(iso);
const holiday = (date: string, isYearly = false, startMinute: number | null = null, endMinute: number | null = null): HolidaySpec => ({
  name: 'Holiday',
  date,
  isYearly,
  startMinute,
  endMinute,
});
/** A schedule open the same windows (local minutes) on the given weekdays. */
const schedule = (timezone: string, weekdays: number[], windows: [number, number][], holidays: HolidaySpec[] = []): ScheduleSpec => ({
  timezone,
  weeklyHours: weekdays.flatMap((weekday) => windows.map(([startMinute, endMinute]) => ({ weekday, startMinute, endMinute }))),
  holidays,
});
const H = (h: number, m = 0): number => h * 60 + m;
const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const nyOffice = schedule('America/New_York', WEEKDAYS, [[H(8), H(17)]]);

// January 2026 in New York is EST (-05:00); Mon 5 .. Fri 9, Sat 10, Mon 12.
describe('addWorkingMinutes on Mon-Fri 8-17 (New York)', () => {
  it.each([
    ['inside hours', '2026-01-05T09:00-05:00', 60, '2026-01-05T10:00-05:00'],
    ['rolls over closing time', '2026-01-05T16:00-05:00', 120, '2026-01-06T09:00-05:00'],
    ['starts before opening', '2026-01-05T06:00-05:00', 60, '2026-01-05T09:00-05:00'],
    ['starts after closing', '2026-01-05T18:00-05:00', 60, '2026-01-06T09:00-05:00'],
    ['starts on a Saturday', '2026-01-10T10:00-05:00', 60, '2026-01-12T09:00-05:00'],
    ['skips the weekend', '2026-01-09T16:00-05:00', 120, '2026-01-12T09:00-05:00'],
    // CASE: a full day used up ends at closing, not at the next opening.
    ['ends exactly at closing', '2026-01-05T08:00-05:00', 540, '2026-01-05T17:00-05:00'],
    ['zero minutes is the start itself', '2026-01-10T10:00-05:00', 0, '2026-01-10T10:00-05:00'],
    ['200 hours = 22 days and 2 hours', '2026-01-05T08:00-05:00', 200 * 60, '2026-02-04T10:00-05:00'],
  ])('%s', (_case, start, minutes, due) => {
    expect(addWorkingMinutes(nyOffice, at(start), minutes)).toEqual(at(due));
  });

  it('walks day by day: a 200-hour target is quick', () => {
    const started = process.hrtime.bigint();
    addWorkingMinutes(nyOffice, at('2026-01-05T08:00-05:00'), 200 * 60);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it('counts calendar time when the schedule is null', () => {
    expect(addWorkingMinutes(null, at('2026-01-10T10:00Z'), 90)).toEqual(at('2026-01-10T11:30Z'));
  });

  it('rejects negative minutes and gives up on a schedule with no hours', () => {
    expect(() => addWorkingMinutes(nyOffice, at('2026-01-05T09:00Z'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(schedule('UTC', [], []), at('2026-01-05T09:00Z'), 60)).toThrow(/3 years/);
  });
});

describe('holidays', () => {
  it.each([
    ['full one-off holiday removes the day', holiday('2026-01-06'), '2026-01-05T16:00-05:00', 120, '2026-01-07T09:00-05:00'],
    ['partial holiday closes only its window', holiday('2026-01-06', false, H(12), H(17)), '2026-01-06T11:00-05:00', 120, '2026-01-07T09:00-05:00'],
    ['partial holiday in the middle of the day', holiday('2026-01-06', false, H(10), H(11)), '2026-01-06T09:30-05:00', 60, '2026-01-06T11:30-05:00'],
    ['yearly holiday repeats on the same month/day', holiday('2019-01-06', true), '2026-01-05T16:00-05:00', 120, '2026-01-07T09:00-05:00'],
    ['start on a holiday waits for the next working day', holiday('2026-01-06'), '2026-01-06T10:00-05:00', 60, '2026-01-07T09:00-05:00'],
    ['a one-off holiday of another year does not apply', holiday('2025-01-06'), '2026-01-05T16:00-05:00', 120, '2026-01-06T09:00-05:00'],
  ])('%s', (_case, h, start, minutes, due) => {
    const withHoliday = { ...nyOffice, holidays: [h] };
    expect(addWorkingMinutes(withHoliday, at(start), minutes)).toEqual(at(due));
  });

  // CASE: a yearly Feb 29 only closes leap years' Feb 29 and never spills onto Mar 1.
  it.each([
    ['2028 is a leap year: Tue Feb 29 closed', '2028-02-28T00:00Z', '2028-03-01T00:00Z', 540],
    ['2027 has no Feb 29: Mon Mar 1 open', '2027-02-28T00:00Z', '2027-03-02T00:00Z', 540],
  ])('yearly Feb 29: %s', (_case, from, to, minutes) => {
    const utcOffice = schedule('UTC', WEEKDAYS, [[H(8), H(17)]], [holiday('2024-02-29', true)]);
    expect(workingMinutesBetween(utcOffice, at(from), at(to))).toBe(minutes);
  });
});

describe('weekly shapes', () => {
  const split = schedule('America/New_York', WEEKDAYS, [[H(8), H(12)], [H(13), H(17)]]);
  const tueThu = schedule('America/New_York', [2, 4], [[H(8), H(17)]]);

  it.each([
    ['split windows skip lunch', split, '2026-01-05T11:00-05:00', 120, '2026-01-05T14:00-05:00'],
    ['split: start during lunch', split, '2026-01-05T12:30-05:00', 30, '2026-01-05T13:30-05:00'],
    ['Tue/Thu only: Wednesday waits for Thursday', tueThu, '2026-01-07T10:00-05:00', 60, '2026-01-08T09:00-05:00'],
    ['Tue/Thu only: Thursday evening waits for next Tuesday', tueThu, '2026-01-08T16:30-05:00', 60, '2026-01-13T08:30-05:00'],
  ])('%s', (_case, s, start, minutes, due) => {
    expect(addWorkingMinutes(s, at(start), minutes)).toEqual(at(due));
  });

  it('split windows give 8 hours a day', () => {
    expect(workingMinutesBetween(split, at('2026-01-05T00:00-05:00'), at('2026-01-06T00:00-05:00'))).toBe(480);
  });

  it('lists working intervals in order, clipped to the range', () => {
    expect(workingIntervals(nyOffice, at('2026-01-09T12:00-05:00'), at('2026-01-13T10:00-05:00'))).toEqual([
      { start: at('2026-01-09T12:00-05:00'), end: at('2026-01-09T17:00-05:00') },
      { start: at('2026-01-12T08:00-05:00'), end: at('2026-01-12T17:00-05:00') },
      { start: at('2026-01-13T08:00-05:00'), end: at('2026-01-13T10:00-05:00') },
    ]);
  });

  it('merges touching intervals (24/7 is one interval)', () => {
    const always = schedule('Europe/Berlin', EVERY_DAY, [[0, 1440]]);
    expect(workingIntervals(always, at('2026-01-01T10:00Z'), at('2026-01-20T10:00Z'))).toEqual([
      { start: at('2026-01-01T10:00Z'), end: at('2026-01-20T10:00Z') },
    ]);
  });

  it.each([
    ['reversed range', '2026-01-06T10:00-05:00', '2026-01-05T10:00-05:00', null, 0],
    ['calendar time', '2026-01-05T10:00Z', '2026-01-06T10:30Z', null, 1470],
    ['a whole office week', '2026-01-05T00:00-05:00', '2026-01-12T00:00-05:00', nyOffice, 2700],
  ])('workingMinutesBetween: %s', (_case, from, to, s, minutes) => {
    expect(workingMinutesBetween(s, at(from), at(to))).toBe(minutes);
  });
});

// Transitions in 2026: New York Mar 8 / Nov 1, Berlin Mar 29 / Oct 25, Sydney Oct 4 (forward) / Apr 5 (back).
describe('daylight saving time', () => {
  it.each([
    ['New York spring-forward', 'America/New_York', '2026-03-06T16:00-05:00', '2026-03-09T09:00-04:00'],
    ['New York fall-back', 'America/New_York', '2026-10-30T16:00-04:00', '2026-11-02T09:00-05:00'],
    ['Berlin spring-forward', 'Europe/Berlin', '2026-03-27T16:00+01:00', '2026-03-30T09:00+02:00'],
    ['Berlin fall-back', 'Europe/Berlin', '2026-10-23T16:00+02:00', '2026-10-26T09:00+01:00'],
    ['Sydney fall-back (April)', 'Australia/Sydney', '2026-04-03T16:00+11:00', '2026-04-06T09:00+10:00'],
    ['Sydney spring-forward (October)', 'Australia/Sydney', '2026-10-02T16:00+10:00', '2026-10-05T09:00+11:00'],
    ['Kolkata has no DST (+05:30)', 'Asia/Kolkata', '2026-03-06T16:00+05:30', '2026-03-09T09:00+05:30'],
  ])('%s: opening hours follow the wall clock', (_case, zone, start, due) => {
    expect(addWorkingMinutes(schedule(zone, WEEKDAYS, [[H(8), H(17)]]), at(start), 120)).toEqual(at(due));
  });

  // Real elapsed time: a 0-24 day lasts 23 h or 25 h, while 8-17 stays 9 h.
  it.each([
    ['America/New_York', '2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00', 1380],
    ['America/New_York', '2026-11-01T00:00-04:00', '2026-11-02T00:00-05:00', 1500],
    ['Europe/Berlin', '2026-03-29T00:00+01:00', '2026-03-30T00:00+02:00', 1380],
    ['Europe/Berlin', '2026-10-25T00:00+02:00', '2026-10-26T00:00+01:00', 1500],
    ['Australia/Sydney', '2026-10-04T00:00+10:00', '2026-10-05T00:00+11:00', 1380],
    ['Australia/Sydney', '2026-04-05T00:00+11:00', '2026-04-06T00:00+10:00', 1500],
    ['Asia/Kolkata', '2026-03-08T00:00+05:30', '2026-03-09T00:00+05:30', 1440],
  ])('%s, local day from %s: 0-24 lasts its real length, 8-17 lasts 9 h', (zone, from, to, fullDay) => {
    expect(workingMinutesBetween(schedule(zone, EVERY_DAY, [[0, 1440]]), at(from), at(to))).toBe(fullDay);
    expect(workingMinutesBetween(schedule(zone, EVERY_DAY, [[H(8), H(17)]]), at(from), at(to))).toBe(540);
  });

  // CASE: a window opening in the skipped hour opens at the first valid instant after the gap.
  it.each([
    ['America/New_York', '2026-03-08', '2026-03-08T03:00-04:00', '2026-03-08T04:00-04:00'],
    ['Europe/Berlin', '2026-03-29', '2026-03-29T03:00+02:00', '2026-03-29T04:00+02:00'],
    ['Australia/Sydney', '2026-10-04', '2026-10-04T03:00+11:00', '2026-10-04T04:00+11:00'],
  ])('%s spring-forward: a 2:30-4:00 window is %s 3:00-4:00', (zone, day, start, end) => {
    const s = schedule(zone, [0], [[H(2, 30), H(4)]]);
    const noon = at(`${day}T12:00Z`).getTime();
    const around = workingIntervals(s, new Date(noon - 36 * 3_600_000), new Date(noon + 36 * 3_600_000));
    expect(around).toEqual([{ start: at(start), end: at(end) }]);
  });

  // CASE: across the repeated hour, working time is the real time between the local start and end.
  it.each([
    ['America/New_York', 'Nov 1', H(1), H(3), '2026-11-01T01:00-04:00', '2026-11-01T03:00-05:00', 180],
    ['Europe/Berlin', 'Oct 25', H(2), H(4), '2026-10-25T02:00+02:00', '2026-10-25T04:00+01:00', 180],
    ['Australia/Sydney', 'Apr 5', H(2), H(4), '2026-04-05T02:00+11:00', '2026-04-05T04:00+10:00', 180],
  ])('%s fall-back (%s): the window counts real minutes', (zone, _day, from, to, start, end, minutes) => {
    const s = schedule(zone, [0], [[from, to]]);
    const intervals = workingIntervals(s, at('2026-01-01T00:00Z'), at('2026-12-31T00:00Z'));
    const onTheDay = intervals.find((i) => i.start.getTime() === at(start).getTime());
    expect(onTheDay).toEqual({ start: at(start), end: at(end) });
    expect((onTheDay!.end.getTime() - onTheDay!.start.getTime()) / 60_000).toBe(minutes);
  });
});

describe('validateSchedule', () => {
  const valid = { timezone: 'America/New_York', weeklyHours: [{ weekday: 1, startMinute: 480, endMinute: 1020 }], holidays: [] };
  const w = (weekday: number, startMinute: number, endMinute: number) => ({ weekday, startMinute, endMinute });

  it.each([
    ['a plain office week', valid],
    ['touching split windows', { ...valid, weeklyHours: [w(1, 480, 720), w(1, 720, 1020)] }],
    ['a full day 0-1440', { ...valid, weeklyHours: [w(0, 0, 1440)] }],
    ['full and partial holidays', { ...valid, holidays: [holiday('2026-12-24', false, 720, 1440), holiday('2024-02-29', true)] }],
  ])('accepts %s', (_case, input) => {
    expect(validateSchedule(input)).toEqual({});
  });

  it.each([
    ['no working hours', { weeklyHours: [] }, 'weeklyHours', /no working hours/],
    ['overlapping windows', { weeklyHours: [w(2, 480, 720), w(2, 700, 1020)] }, 'weeklyHours.1', /Overlaps another window on Tuesday/],
    ['a reversed window', { weeklyHours: [w(1, 1020, 480)] }, 'weeklyHours.0', /cannot cross midnight/],
    ['an empty window', { weeklyHours: [w(1, 480, 480)] }, 'weeklyHours.0', /before end/],
    ['minutes past 1440', { weeklyHours: [w(1, 480, 1500)] }, 'weeklyHours.0', /0 to 1440/],
    ['negative minutes', { weeklyHours: [w(1, -5, 480)] }, 'weeklyHours.0', /0 to 1440/],
    ['fractional minutes', { weeklyHours: [w(1, 480.5, 900)] }, 'weeklyHours.0', /whole minutes/],
    ['weekday 7', { weeklyHours: [w(7, 480, 900)] }, 'weeklyHours.0', /Weekday/],
    ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone', /Unknown time zone/],
    ['an empty time zone', { timezone: '' }, 'timezone', /Unknown time zone/],
    ['Feb 30', { holidays: [holiday('2026-02-30')] }, 'holidays.0.date', /real date/],
    ['month 13', { holidays: [holiday('2026-13-01')] }, 'holidays.0.date', /real date/],
    ['a short year', { holidays: [holiday('26-01-01')] }, 'holidays.0.date', /YYYY-MM-DD/],
    ['Feb 29 in a common year', { holidays: [holiday('2027-02-29', true)] }, 'holidays.0.date', /real date/],
    ['a partial holiday without end', { holidays: [holiday('2026-12-24', false, 720, null)] }, 'holidays.0.endMinute', /both/],
    ['a partial holiday without start', { holidays: [holiday('2026-12-24', false, null, 720)] }, 'holidays.0.startMinute', /both/],
    ['a reversed partial holiday', { holidays: [holiday('2026-12-24', false, 900, 720)] }, 'holidays.0.endMinute', /after start/],
    ['a holiday without a name', { holidays: [{ ...holiday('2026-12-24'), name: ' ' }] }, 'holidays.0.name', /required/],
  ])('rejects %s', (_case, patch, field, message) => {
    expect(validateSchedule({ ...valid, ...patch })).toEqual({ [field]: expect.stringMatching(message) });
  });
});
