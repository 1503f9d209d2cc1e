import { departmentPaths, descendantIds } from './department-tree';

const tree = [
  { id: 1, name: 'Support', parentId: null },
  { id: 2, name: 'Tier 2', parentId: 1 },
  { id: 3, name: 'Escalations', parentId: 2 },
  { id: 4, name: 'Sales', parentId: null },
];

describe('department tree', () => {
  it('finds sub-departments at every depth, not the department itself nor its siblings', () => {
    expect([...descendantIds(tree, 1)].sort()).toEqual([2, 3]);
    expect([...descendantIds(tree, 2)]).toEqual([3]);
    expect(descendantIds(tree, 4).size).toBe(0);
  });

  it('stops on a tree that already loops', () => {
    const loop = [{ id: 1, parentId: 2 }, { id: 2, parentId: 1 }];
    expect([...descendantIds(loop, 1)]).toEqual([2]);
  });

  it('names each department with its parents', () => {
    const paths = departmentPaths(tree);
    expect(paths.get(3)).toBe('Support / Tier 2 / Escalations');
    expect(paths.get(4)).toBe('Sales');
    expect(departmentPaths([{ id: 1, name: 'A', parentId: 2 }, { id: 2, name: 'B', parentId: 1 }]).get(1)).toBe('B / A');
  });
});
