import { MAX_REPORT_DAYS, parseReportRange } from './report-range';

const NOW = new Date('2026-11-23T15:00:00Z');

describe('parseReportRange', () => {
  it('defaults to the last 30 days up to today', () => {
    expect(parseReportRange({}, NOW)).toEqual({
      ok: true, range: { from: '2026-10-25', to: '2026-11-23', start: new Date('2026-10-25T00:00:00Z'), end: new Date('2026-11-24T00:00:00Z') },
    });
  });

  it('takes both dates inclusive, a single day too', () => {
    const result = parseReportRange({ from: '2026-11-01', to: '2026-11-01' }, NOW);
    expect(result.ok && [result.range.start, result.range.end]).toEqual([new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z')]);
  });

  it('refuses dates that are not, an end before the start, and too long a period', () => {
    expect(parseReportRange({ from: '2026-02-30', to: 'soon' }, NOW)).toEqual({
      ok: false, from: '2026-02-30', to: 'soon', errors: { from: 'Enter the start as a date (YYYY-MM-DD).', to: 'Enter the end as a date (YYYY-MM-DD).' },
    });
    expect(parseReportRange({ from: '2026-11-10', to: '2026-11-01' }, NOW)).toMatchObject({ ok: false, errors: { to: 'The end must be on or after the start.' } });
    expect(parseReportRange({ from: '2024-01-01', to: '2026-01-01' }, NOW)).toMatchObject({ ok: false, errors: { to: `Choose a period of at most ${MAX_REPORT_DAYS} days.` } });
    expect(parseReportRange({ from: ['2026-01-01'] }, NOW)).toMatchObject({ ok: false, errors: { from: 'Enter the start as a date (YYYY-MM-DD).' } });
  });
});
