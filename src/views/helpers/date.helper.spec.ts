import { date } from './date.helper';

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
});
