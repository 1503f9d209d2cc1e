import { criteriaParams, parseCriteria } from './ticket-criteria';

describe('parseCriteria', () => {
  it('reads every field, leaving empty ones as "any"', () => {
    const r = parseCriteria({ q: ' printer ', state: 'open', departmentId: '2', source: 'email', createdFrom: '2026-11-01', createdTo: '2026-11-30', overdue: 'yes', ignored: 'x' });
    expect(r.ok).toBe(true);
    expect(r.criteria).toMatchObject({ q: 'printer', state: 'open', departmentId: 2, source: 'email', createdFrom: '2026-11-01', overdue: 'yes', statusId: null });
    expect(criteriaParams(r.criteria)).toEqual([['q', 'printer'], ['state', 'open'], ['departmentId', '2'], ['source', 'email'], ['createdFrom', '2026-11-01'], ['createdTo', '2026-11-30'], ['overdue', 'yes']]);
  });

  it('names each bad field instead of failing', () => {
    const r = parseCriteria({ q: 'x'.repeat(201), state: 'maybe', departmentId: '1e3', source: 'fax', createdFrom: '2026-02-30', dueFrom: '2026-12-02', dueTo: '2026-12-01', answered: ['yes', 'no'] });
    expect(r.ok).toBe(false);
    expect(Object.keys(r.ok ? {} : r.errors).sort()).toEqual(['answered', 'createdFrom', 'departmentId', 'dueTo', 'q', 'source', 'state']);
  });
});
