import { instantToLocal, localToInstant, parseLocalDateTime } from './local-time';

describe('local times in a zone', () => {
  it.each([
    ['2026-11-27T16:00', 'America/New_York', '2026-11-27T21:00:00.000Z'],
    ['2026-07-01T09:30', 'America/New_York', '2026-07-01T13:30:00.000Z'],
    ['2026-07-01T09:30', 'Europe/Berlin', '2026-07-01T07:30:00.000Z'],
    ['2026-07-01T09:30', 'UTC', '2026-07-01T09:30:00.000Z'],
    ['2026-03-29T10:00', 'Asia/Kolkata', '2026-03-29T04:30:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    expect(localToInstant(text, zone)!.toISOString()).toBe(iso);
    expect(instantToLocal(new Date(iso), zone)).toBe(text);
  });

  it('takes the first occurrence of a repeated hour and the same reading after a skipped one', () => {
    // New York falls back on 2026-11-01 at 2:00 (1:30 happens twice) and springs forward on 2026-03-08.
    expect(localToInstant('2026-11-01T01:30', 'America/New_York')!.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(localToInstant('2026-03-08T02:30', 'America/New_York')!.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it.each(['', '2026-02-30T10:00', '2026-01-01 10:00', '2026-01-01T24:00', '2026-01-01T10:60', 'tomorrow'])('refuses %p', (text) => {
    expect(parseLocalDateTime(text)).toBeNull();
    expect(localToInstant(text, 'UTC')).toBeNull();
  });
});
