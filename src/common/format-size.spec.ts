import { formatSize } from './format-size';

describe('formatSize', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [12, '12 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [340 * 1024 + 100, '340 KB'],
    [1024 * 1024 - 1, '1 MB'],
    [1024 * 1024, '1 MB'],
    [Math.round(1.2 * 1024 * 1024), '1.2 MB'],
    [10 * 1024 * 1024, '10 MB'],
    [1.5 * 1024 * 1024 * 1024, '1.5 GB'],
    [3 * 1024 ** 4, '3 TB'],
    [5000 * 1024 ** 4, '5000 TB'],
  ])('%d -> %s', (bytes, label) => {
    expect(formatSize(bytes)).toBe(label);
  });

  it('treats nonsense as zero', () => {
    expect(formatSize(-5)).toBe('0 bytes');
    expect(formatSize(Number.NaN)).toBe('0 bytes');
  });
});
