import { descendantIds, fullNames, treeOrder } from './help-topic-tree';

const topics = [
  { id: 1, parentId: null, name: 'General Inquiry' },
  { id: 3, parentId: null, name: 'Report a Problem' },
  { id: 4, parentId: 3, name: 'Access Issue' },
  { id: 5, parentId: 4, name: 'Locked out' },
  { id: 6, parentId: null, name: 'Report a Problem (old)' },
  { id: 7, parentId: 3, name: 'billing' },
];

describe('help topic tree', () => {
  it('finds every descendant, not the topic itself', () => {
    expect([...descendantIds(topics, 3)].sort()).toEqual([4, 5, 7]);
    expect(descendantIds(topics, 5).size).toBe(0);
  });

  it('survives a loop in a damaged tree', () => {
    const looped = [{ id: 1, parentId: 2, name: 'A' }, { id: 2, parentId: 1, name: 'B' }];
    expect([...descendantIds(looped, 1)]).toEqual([2]);
    expect(fullNames(looped).size).toBe(2);
  });

  it('builds full names along the path', () => {
    const names = fullNames(topics);
    expect(names.get(5)).toBe('Report a Problem / Access Issue / Locked out');
    expect(names.get(1)).toBe('General Inquiry');
  });

  it('orders parents before their subtopics, siblings by name case-insensitively', () => {
    expect(treeOrder(topics).map(({ topic, depth }) => `${depth}:${topic.name}`)).toEqual([
      '0:General Inquiry', '0:Report a Problem', '1:Access Issue', '2:Locked out', '1:billing', '0:Report a Problem (old)',
    ]);
  });

  it('lists a topic whose parent is not in the list as a root', () => {
    expect(treeOrder(topics.filter((t) => t.id !== 3)).map(({ topic, depth }) => `${depth}:${topic.name}`)).toEqual([
      '0:Access Issue', '1:Locked out', '0:billing', '0:General Inquiry', '0:Report a Problem (old)',
    ]);
  });
});
