import { notFound } from '../../common/errors';
import { decodeCursor, isSortKey, parseQueueRef, QueueCursor, QueueKey, QueueSort, SortKey } from '../../tickets/ticket-queue-rules';
import { parseId } from './id';

export type QueueRef = { kind: 'builtin'; key: QueueKey } | { kind: 'custom'; id: number };

export interface QueueQuery {
  ref: QueueRef;
  /** The order asked for in the URL; null: the queue's own (newest first, or the custom queue's saved sort). */
  sort: QueueSort | null;
  cursor: QueueCursor | null;
}

/**
 * `?queue=<key>|q<id>&sort=<key>&dir=asc|desc&before=<id>|after=<cursor>`. No queue means "open".
 * `before` is the newest-first cursor (an id); `after` the opaque cursor of any other order. An unknown
 * queue or sort, or a cursor we did not write, is a page that does not exist: 404, rather than quietly
 * showing another list.
 */
export function parseQueueQuery(query: Record<string, unknown>, fallback: string = 'open'): QueueQuery {
  const raw = query.queue === undefined || query.queue === '' ? fallback : query.queue;
  const ref = parseQueueRef(raw);
  if (!ref) throw notFound();
  return { ref, ...parseSortAndCursor(query) };
}

/** The sort and cursor parameters shared by queues and search results. */
export function parseSortAndCursor(query: Record<string, unknown>): { sort: QueueSort | null; cursor: QueueCursor | null } {
  let sort: QueueSort | null = null;
  if (query.sort !== undefined && query.sort !== '') {
    if (!isSortKey(query.sort)) throw notFound();
    const dir = query.dir === undefined || query.dir === '' ? defaultDir(query.sort) : query.dir;
    if (dir !== 'asc' && dir !== 'desc') throw notFound();
    sort = { key: query.sort, dir };
  } else if (query.dir !== undefined && query.dir !== '') {
    throw notFound();
  }
  let cursor: QueueCursor | null = null;
  if (query.before !== undefined && query.before !== '') {
    if (sort && !(sort.key === 'created' && sort.dir === 'desc')) throw notFound();
    cursor = { value: null, id: parseId(query.before) };
  }
  if (query.after !== undefined && query.after !== '') {
    if (cursor || typeof query.after !== 'string') throw notFound();
    cursor = decodeCursor(query.after, sort?.key ?? 'created');
    if (!cursor) throw notFound();
  }
  return { sort, cursor };
}

/** The direction a column sorts in when its header is first clicked: text A-Z, times and urgency newest/highest first. */
export function defaultDir(key: SortKey): 'asc' | 'desc' {
  return key === 'number' || key === 'subject' || key === 'due' ? 'asc' : 'desc';
}
