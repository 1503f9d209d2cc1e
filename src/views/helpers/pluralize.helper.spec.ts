import { pluralize } from './pluralize.helper';

const options = { hash: {}, data: {} };

describe('pluralize helper', () => {
  it('uses the singular for exactly one', () => {
    expect(pluralize(1, 'file', options)).toBe('1 file');
    expect(pluralize('1', 'file', options)).toBe('1 file');
  });

  it('adds an s otherwise', () => {
    expect(pluralize(0, 'file', options)).toBe('0 files');
    expect(pluralize(5, 'file', options)).toBe('5 files');
  });

  it('uses the given plural form', () => {
    expect(pluralize(2, 'reply', 'replies', options)).toBe('2 replies');
    expect(pluralize(1, 'reply', 'replies', options)).toBe('1 reply');
  });

  it('shows 0 for a missing count', () => {
    expect(pluralize(undefined, 'file', options)).toBe('0 files');
  });
});
