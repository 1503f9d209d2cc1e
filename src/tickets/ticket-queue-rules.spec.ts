import { decodeCursor, effectivePageSize, encodeCursor, parseQueueRef } from './ticket-queue-rules';

describe('queue cursors', () => {
  it('round-trip (sort value, id) for each kind of sort', () => {
    const cases = [
      [{ value: null, id: 5 }, 'created'],
      [{ value: 'Printer "on" fire', id: 7 }, 'subject'],
      [{ value: '2026-11-23T14:05:00.000Z', id: 9 }, 'updated'],
      [{ value: null, id: 9 }, 'due'],
      [{ value: 50, id: 3 }, 'priority'],
    ] as const;
    for (const [cursor, key] of cases) expect(decodeCursor(encodeCursor(cursor), key)).toEqual(cursor);
  });

  it('refuse tokens we did not write, or written for another sort', () => {
    expect(decodeCursor('not a token!', 'created')).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 'created')).toBeNull();
    expect(decodeCursor(encodeCursor({ value: 'x', id: 1 }), 'updated')).toBeNull();
    expect(decodeCursor(encodeCursor({ value: 50, id: -1 }), 'priority')).toBeNull();
    expect(decodeCursor('A'.repeat(900), 'subject')).toBeNull();
  });
});

describe('effectivePageSize', () => {
  it('uses the preference, else the help desk default, within 10..100', () => {
    expect(effectivePageSize(null, 25)).toBe(25);
    expect(effectivePageSize(50, 25)).toBe(50);
    expect(effectivePageSize(500, 25)).toBe(100);
  });
});

describe('parseQueueRef', () => {
  it('reads built-in keys and custom q<id> refs only', () => {
    expect(parseQueueRef('overdue')).toEqual({ kind: 'builtin', key: 'overdue' });
    expect(parseQueueRef('q12')).toEqual({ kind: 'custom', id: 12 });
    for (const bad of ['q0', 'q-1', 'q99999999999', 'everything', ['open'], 7]) expect(parseQueueRef(bad)).toBeNull();
  });
});
