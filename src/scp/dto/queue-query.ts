import { notFound } from '../../common/errors';
import { QUEUE_KEYS, QueueKey } from '../../tickets/ticket-queues.service';
import { parseId } from './id';

export interface QueueQuery {
  key: QueueKey;
  before: number | null;
}

/**
 * `?queue=open|mine|closed&before=<id>`. No queue means "open". An unknown queue or a cursor that is not
 * an id is a page that does not exist: 404, rather than quietly showing another list.
 */
export function parseQueueQuery(query: Record<string, unknown>): QueueQuery {
  const key = query.queue === undefined || query.queue === '' ? 'open' : query.queue;
  if (typeof key !== 'string' || !(QUEUE_KEYS as readonly string[]).includes(key)) throw notFound();
  const before = query.before === undefined || query.before === '' ? null : parseId(query.before);
  return { key: key as QueueKey, before };
}
