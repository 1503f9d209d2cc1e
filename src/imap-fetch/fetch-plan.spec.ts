import { planDownloads, startPoint, uidSet } from './fetch-plan';

describe('startPoint', () => {
  it('starts at UID 1 on the first look at a folder', () => {
    expect(startPoint(null, 1700000000)).toEqual({ fromUid: 1, reset: true });
    expect(startPoint({ uidvalidity: null, lastUid: 0 }, 1700000000)).toEqual({ fromUid: 1, reset: true });
  });

  it('continues after the last UID handed over while UIDVALIDITY holds', () => {
    expect(startPoint({ uidvalidity: 1700000000, lastUid: 41 }, 1700000000)).toEqual({ fromUid: 42, reset: false });
  });

  it('starts over when the server renumbered the folder', () => {
    expect(startPoint({ uidvalidity: 1700000000, lastUid: 41 }, 1700000555)).toEqual({ fromUid: 1, reset: true });
  });

  it('handles UIDVALIDITY values beyond a signed 32-bit integer', () => {
    expect(startPoint({ uidvalidity: 4_000_000_000, lastUid: 3_000_000_000 }, 4_000_000_000)).toEqual({ fromUid: 3_000_000_001, reset: false });
  });
});

describe('planDownloads', () => {
  const sizes = (...pairs: [number, number][]) => pairs.map(([uid, size]) => ({ uid, size }));

  it('groups messages in UID order, at most batchSize per download', () => {
    expect(planDownloads(sizes([3, 10], [1, 10], [2, 10], [5, 10], [4, 10]), 2, 1000)).toEqual([
      { kind: 'whole', uids: [1, 2] }, { kind: 'whole', uids: [3, 4] }, { kind: 'whole', uids: [5] },
    ]);
  });

  it('keeps a download under about maxBytes in all', () => {
    expect(planDownloads(sizes([1, 600], [2, 300], [3, 200]), 10, 1000)).toEqual([
      { kind: 'whole', uids: [1, 2] }, { kind: 'whole', uids: [3] },
    ]);
  });

  it('downloads only the first maxBytes + 1 bytes of a message over the limit, on its own', () => {
    expect(planDownloads(sizes([1, 10], [2, 5000], [3, 10]), 10, 1000)).toEqual([
      { kind: 'whole', uids: [1] }, { kind: 'truncated', uid: 2, maxLength: 1001 }, { kind: 'whole', uids: [3] },
    ]);
  });

  it('plans nothing for no messages', () => {
    expect(planDownloads([], 10, 1000)).toEqual([]);
  });
});

describe('uidSet', () => {
  it('writes runs of UIDs as ranges', () => {
    expect(uidSet([1, 2, 3, 7, 9, 10])).toBe('1:3,7,9:10');
    expect(uidSet([42])).toBe('42');
    expect(uidSet([])).toBe('');
  });
});
