import { digitCount, formatRandom, formatSequential, isTicketNumberMask } from './ticket-number-format';

describe('ticket number masks', () => {
  it.each([
    ['######', true],
    ['RD-######', true],
    ['####', true],
    ['############', true],
    ['ABCDEFGHIJKLMNOPQRST############', true], // 20 letters + 12 digits = 32 characters
    ['###', false], // too few digits
    ['#############', false], // too many digits
    ['RD-', false], // no digits at all
    ['', false],
    ['ABCDEFGHIJKLMNOPQRSTU####', false], // 21 letters
    ['RD ######', false], // space
    ['RD/######', false], // would break the portal's URLs
    ['RD_######', false],
    ['ÄD-######', false],
  ])('%j valid: %s', (mask, valid) => {
    expect(isTicketNumberMask(mask)).toBe(valid);
  });

  it('counts the digits', () => {
    expect(digitCount('RD-######')).toBe(6);
    expect(digitCount('##-##-##')).toBe(6);
  });
});

describe('formatSequential', () => {
  it.each([
    ['######', 42, '000042'],
    ['RD-######', 42, 'RD-000042'],
    ['##-####', 42, '00-0042'],
    ['A##B##C', 1234, 'A12B34C'],
    ['####', 0, '0000'],
    ['####', 9999, '9999'],
  ])('(%j, %d) -> %j', (mask, value, expected) => {
    expect(formatSequential(mask, value)).toBe(expected);
  });

  it('widens the first # group when the counter outgrows the mask, never cutting digits', () => {
    expect(formatSequential('####', 12345)).toBe('12345');
    expect(formatSequential('RD-##-##', 1234567)).toBe('RD-12345-67');
    expect(formatSequential('ABCDEFGHIJKLMNOPQRST####', 2_147_483_647)).toHaveLength(30);
  });

  it('keeps every number within 32 characters for any valid mask and counter', () => {
    const longest = `${'A'.repeat(20)}${'#'.repeat(12)}`;
    expect(formatSequential(longest, 2_147_483_647).length).toBeLessThanOrEqual(32);
    expect(formatSequential(`${'A'.repeat(20)}####`, 2_147_483_647).length).toBeLessThanOrEqual(32);
  });

  it('refuses a value that is not a counter', () => {
    expect(() => formatSequential('####', -1)).toThrow(RangeError);
    expect(() => formatSequential('####', 1.5)).toThrow(RangeError);
  });
});

describe('formatRandom', () => {
  it('puts one digit in each # and keeps the rest', () => {
    const digits = [1, 2, 3, 4, 5, 6];
    expect(formatRandom('RD-######', () => digits.shift()!)).toBe('RD-123456');
  });

  it('gives numbers that match the mask', () => {
    const number = formatRandom('X-##-####', () => Math.floor(Math.random() * 10));
    expect(number).toMatch(/^X-\d{2}-\d{4}$/);
  });
});
