import { DATE_FORMATS } from '../../settings/settings.schema';
import { date, formatDate } from './date.helper';

const root = (dateFormat?: string, timezone?: string) => ({ data: { root: { dateFormat, timezone } } });

describe('date helper', () => {
  it('formats an ISO string in UTC', () => {
    expect(date('2026-11-23T14:05:59.000Z')).toBe('23 Nov 2026, 14:05');
  });

  it('converts offsets to UTC', () => {
    expect(date('2026-01-01T00:30:00+02:00')).toBe('31 Dec 2025, 22:30');
  });

  it('pads hours and minutes but not the day', () => {
    expect(date('2026-09-03T04:07:00Z')).toBe('3 Sep 2026, 04:07');
  });

  it('accepts a Date', () => {
    expect(date(new Date(Date.UTC(2026, 4, 9, 23, 59)))).toBe('9 May 2026, 23:59');
  });

  it('returns an empty string for null, undefined, empty and invalid input', () => {
    expect(date(null)).toBe('');
    expect(date(undefined)).toBe('');
    expect(date('')).toBe('');
    expect(date('not a date')).toBe('');
  });

  it('keeps the old output when the root context has no date settings', () => {
    expect(date('2026-11-23T14:05:00Z', root())).toBe('23 Nov 2026, 14:05');
    expect(date('2026-11-23T14:05:00Z', { data: {} })).toBe('23 Nov 2026, 14:05');
  });

  it('uses the format and time zone from the root context', () => {
    expect(date('2026-11-23T14:05:00Z', root('yyyy-MM-dd HH:mm', 'Europe/Berlin'))).toBe('2026-11-23 15:05');
    expect(date('2026-11-23T14:05:00Z', root('MM/dd/yyyy h:mm a', 'America/New_York'))).toBe('11/23/2026 9:05 AM');
    // across the date line and a daylight saving change
    expect(date('2026-07-01T13:30:00Z', root('d MMM yyyy, HH:mm', 'Pacific/Auckland'))).toBe('2 Jul 2026, 01:30');
    expect(date('2026-07-01T13:30:00Z', root('d MMM yyyy, HH:mm', 'Europe/London'))).toBe('1 Jul 2026, 14:30');
  });
});

describe('formatDate', () => {
  const sample = new Date('2026-11-23T14:05:00Z');

  it.each(DATE_FORMATS.map((f) => [f.pattern, f.example]))('%j shows the example the settings page offers (%s)', (pattern, example) => {
    expect(formatDate(sample, pattern, 'UTC')).toBe(example);
  });

  it('writes midnight and noon on the 12-hour clock as 12 AM and 12 PM', () => {
    expect(formatDate(new Date('2026-11-23T00:05:00Z'), 'h:mm a', 'UTC')).toBe('12:05 AM');
    expect(formatDate(new Date('2026-11-23T12:05:00Z'), 'h:mm a', 'UTC')).toBe('12:05 PM');
  });

  it('falls back to UTC for a time zone it does not know', () => {
    expect(formatDate(sample, 'HH:mm', 'Mars/Olympus_Mons')).toBe('14:05');
  });

  it('writes midnight in a time zone as 00, not 24', () => {
    expect(formatDate(new Date('2026-11-23T23:00:00Z'), 'd MMM HH:mm', 'Europe/Berlin')).toBe('24 Nov 00:00');
  });
});
