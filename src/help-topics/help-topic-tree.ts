/**
 * Help topics form a tree (a topic may have a parent). These pure helpers keep the tree's derived facts
 * (full names, tree order, descendants) in one place for the admin pages and the topics service.
 */
export interface TopicNode {
  id: number;
  parentId: number | null;
  name: string;
}

/** Between a parent's name and its child's: "Report a Problem / Access Issue". */
export const FULL_NAME_SEPARATOR = ' / ';

/** The ids of every topic below `id` (children, their children, ...), not `id` itself. */
export function descendantIds(topics: TopicNode[], id: number): Set<number> {
  const children = childrenByParent(topics);
  const found = new Set<number>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    // CASE: a damaged tree with a loop must not spin forever.
    if (found.has(next.id) || next.id === id) continue;
    found.add(next.id);
    stack.push(...(children.get(next.id) ?? []));
  }
  return found;
}

/**
 * Every topic's full name, computed from the names along its path. Used after a rename or a move, so
 * the topic and all its descendants get their new full names in the same transaction.
 */
export function fullNames(topics: TopicNode[]): Map<number, string> {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const result = new Map<number, string>();
  const nameOf = (topic: TopicNode, seen: Set<number>): string => {
    const known = result.get(topic.id);
    if (known !== undefined) return known;
    const parent = topic.parentId === null ? undefined : byId.get(topic.parentId);
    const name = parent && !seen.has(parent.id) ? `${nameOf(parent, new Set([...seen, topic.id]))}${FULL_NAME_SEPARATOR}${topic.name}` : topic.name;
    result.set(topic.id, name);
    return name;
  };
  for (const topic of topics) nameOf(topic, new Set([topic.id]));
  return result;
}

/**
 * The topics in tree order (each parent followed by its subtopics, siblings by name, case-insensitive)
 * with their depth. Sorting the full names as strings would not do: "Report a Problem (old)" sorts
 * between "Report a Problem" and "Report a Problem / Access Issue".
 */
export function treeOrder<T extends TopicNode>(topics: T[]): { topic: T; depth: number }[] {
  const ids = new Set(topics.map((t) => t.id));
  const children = childrenByParent(topics);
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id - b.id;
  const result: { topic: T; depth: number }[] = [];
  const visited = new Set<number>();
  const visit = (topic: T, depth: number) => {
    if (visited.has(topic.id)) return;
    visited.add(topic.id);
    result.push({ topic, depth });
    for (const child of [...(children.get(topic.id) ?? [])].sort(byName)) visit(child, depth + 1);
  };
  // Roots, and topics whose parent is not in the list (a search hit below a parent that did not match).
  for (const root of topics.filter((t) => t.parentId === null || !ids.has(t.parentId)).sort(byName)) visit(root, 0);
  return result;
}

function childrenByParent<T extends TopicNode>(topics: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const topic of topics) {
    if (topic.parentId === null) continue;
    map.set(topic.parentId, [...(map.get(topic.parentId) ?? []), topic]);
  }
  return map;
}
