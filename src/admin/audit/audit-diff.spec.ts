import { diffLines } from './audit-diff';

describe('audit diff lines', () => {
  it('shows changes, additions and removals with JSON values', () => {
    expect(diffLines({ name: 'Sales', isActive: true, gone: 3 }, { name: 'Sales & Marketing', isActive: false, ids: [1, 2], managerId: null })).toEqual([
      { kind: 'changed', text: 'name: "Sales" → "Sales & Marketing"' },
      { kind: 'changed', text: 'isActive: true → false' },
      { kind: 'added', text: '+ ids: [1,2]' },
      { kind: 'added', text: '+ managerId: null' },
      { kind: 'removed', text: '- gone: 3' },
    ]);
  });

  it('handles a creation, a deletion and a record with neither', () => {
    expect(diffLines(null, { title: 'Hi' })).toEqual([{ kind: 'added', text: '+ title: "Hi"' }]);
    expect(diffLines({ title: 'Hi' }, null)).toEqual([{ kind: 'removed', text: '- title: "Hi"' }]);
    expect(diffLines(null, null)).toEqual([]);
  });

  it('keeps line breaks in text visible as \\n', () => {
    expect(diffLines({ body: 'a\nb' }, { body: 'a' })).toEqual([{ kind: 'changed', text: 'body: "a\\nb" → "a"' }]);
  });
});
