/**
 * What the staff queues are, how they sort and how a page cursor is written. Pure (no Nest, no TypeORM):
 * the queue service turns these into SQL, the controllers parse URLs with them.
 */

export const QUEUE_KEYS = ['open', 'answered', 'mine', 'teams', 'unassigned', 'overdue', 'awaiting', 'closed'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];
export const QUEUE_NAMES: Record<QueueKey, string> = {
  open: 'Open', answered: 'Answered', mine: 'My Tickets', teams: 'My Teams', unassigned: 'Unassigned',
  overdue: 'Overdue', awaiting: 'Awaiting Response', closed: 'Closed',
};

export const isQueueKey = (value: unknown): value is QueueKey => typeof value === 'string' && (QUEUE_KEYS as readonly string[]).includes(value);

/** Counts stop at this many: a badge says "999+" instead of counting a million rows per page view. */
export const COUNT_CAP = 999;

export const PAGE_SIZE_MIN = 10;
export const PAGE_SIZE_MAX = 100;

/** The columns a queue can sort by. `created` sorts by id: ids are handed out in creation order, and every queue index ends with id. */
export const SORT_KEYS = ['number', 'subject', 'created', 'updated', 'due', 'priority'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface QueueSort {
  key: SortKey;
  dir: SortDir;
}
export const DEFAULT_SORT: QueueSort = { key: 'created', dir: 'desc' };
export const SORT_NAMES: Record<SortKey, string> = { number: 'Number', subject: 'Subject', created: 'Created', updated: 'Last update', due: 'Due', priority: 'Priority' };
export const isSortKey = (value: unknown): value is SortKey => typeof value === 'string' && (SORT_KEYS as readonly string[]).includes(value);
export const isDefaultSort = (sort: QueueSort): boolean => sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir;

/** Sort keys whose column may be NULL (they sort last in both directions). */
export const NULLABLE_SORTS: readonly SortKey[] = ['due'];

/** The columns a custom queue may show, in page order. */
export const QUEUE_COLUMNS = ['subject', 'from', 'priority', 'status', 'department', 'assignee', 'due', 'updated', 'created'] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];
export const QUEUE_COLUMN_NAMES: Record<QueueColumn, string> = {
  subject: 'Subject', from: 'From', priority: 'Priority', status: 'Status', department: 'Department', assignee: 'Assigned to',
  due: 'Due', updated: 'Last activity', created: 'Created',
};
export const DEFAULT_COLUMNS: QueueColumn[] = ['subject', 'from', 'priority', 'status', 'department', 'assignee', 'due', 'updated'];

/**
 * Where the next page starts: the last row's sort value and id. Key = (sort value, id), so rows with the
 * same value (same priority, same due time) are neither skipped nor repeated.
 */
export interface QueueCursor {
  value: string | number | null;
  id: number;
}

/** The cursor as an opaque URL token (base64url of a small JSON pair). */
export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor a token names, or null when it is not one we wrote (the caller answers 404). */
export function decodeCursor(token: string, key: SortKey): QueueCursor | null {
  if (token.length > 800 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [value, id] = parsed as unknown[];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return null;
  if (!cursorValueFits(value, key)) return null;
  return { value: value as QueueCursor['value'], id };
}

function cursorValueFits(value: unknown, key: SortKey): boolean {
  switch (key) {
    case 'created':
      return value === null;
    case 'priority':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'due':
      return value === null || isIsoInstant(value);
    case 'updated':
      return isIsoInstant(value);
    default:
      return typeof value === 'string' && value.length <= 255;
  }
}

function isIsoInstant(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** The page size an agent gets: their own preference when set, else the help desk's. */
export function effectivePageSize(preference: number | null, helpdeskDefault: number): number {
  const size = preference ?? helpdeskDefault;
  return Math.min(PAGE_SIZE_MAX, Math.max(PAGE_SIZE_MIN, size));
}

/** A stored "landing queue" value: a built-in queue key, or `q<id>` for a custom queue. */
export function parseQueueRef(value: unknown): { kind: 'builtin'; key: QueueKey } | { kind: 'custom'; id: number } | null {
  if (isQueueKey(value)) return { kind: 'builtin', key: value };
  if (typeof value === 'string' && /^q[1-9]\d{0,9}$/.test(value) && Number(value.slice(1)) <= 2_147_483_647) return { kind: 'custom', id: Number(value.slice(1)) };
  return null;
}
