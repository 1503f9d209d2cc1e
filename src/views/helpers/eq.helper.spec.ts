import { eq } from './eq.helper';

describe('eq helper', () => {
  it('compares a number with its string form as equal', () => {
    expect(eq('3', 3)).toBe(true);
    expect(eq(3, '3')).toBe(true);
  });

  it('compares strings exactly', () => {
    expect(eq('note', 'note')).toBe(true);
    expect(eq('note', 'Note')).toBe(false);
    expect(eq('3', '03')).toBe(false);
  });

  it('treats null and undefined as an empty value', () => {
    expect(eq(null, '')).toBe(true);
    expect(eq(undefined, null)).toBe(true);
    expect(eq(null, 0)).toBe(false);
  });

  it('ignores the Handlebars options argument', () => {
    expect((eq as (...args: unknown[]) => boolean)('a', 'a', { hash: {} })).toBe(true);
  });
});
