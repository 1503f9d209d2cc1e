/** The department tree as plain data: pure, so the cycle rules are easy to test. */
export interface TreeNode {
  id: number;
  name: string;
  parentId: number | null;
}

/** Every department below `id`, at any depth (a department may not move under any of these). */
export function descendantIds(all: Pick<TreeNode, 'id' | 'parentId'>[], id: number): Set<number> {
  const found = new Set<number>();
  let frontier = new Set([id]);
  while (frontier.size > 0) {
    const next = all.filter((d) => d.parentId !== null && frontier.has(d.parentId) && !found.has(d.id) && d.id !== id).map((d) => d.id);
    next.forEach((n) => found.add(n));
    frontier = new Set(next);
  }
  return found;
}

/** Each department's name joined with its parents' ("Support / Tier 2"); a chain that loops stops there. */
export function departmentPaths(all: TreeNode[]): Map<number, string> {
  const byId = new Map(all.map((d) => [d.id, d]));
  return new Map(all.map((d) => {
    const names = [d.name];
    const seen = new Set([d.id]);
    let parent = d.parentId !== null ? byId.get(d.parentId) : undefined;
    while (parent && !seen.has(parent.id)) {
      names.unshift(parent.name);
      seen.add(parent.id);
      parent = parent.parentId !== null ? byId.get(parent.parentId) : undefined;
    }
    return [d.id, names.join(' / ')];
  }));
}
