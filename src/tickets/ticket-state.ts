import { ThreadEventName } from '../threads/thread-entry.entity';
import { LifecycleOutcome } from './ticket-lifecycle';
import { Ticket } from './ticket.entity';

type Allowed = Extract<LifecycleOutcome, { allowed: true }>;

/** The ticket columns a lifecycle outcome changes (status, state, answered flag, close/reopen stamps). */
export function statusColumns(outcome: Allowed, now: Date): Partial<Ticket> {
  const columns: Partial<Ticket> = {};
  if (outcome.statusChanged) {
    columns.statusId = outcome.nextStatus.id;
    columns.state = outcome.nextStatus.state;
  }
  if (outcome.isAnswered !== 'keep') columns.isAnswered = outcome.isAnswered;
  if (outcome.closed) columns.closedAt = now;
  if (outcome.reopened) {
    columns.reopenedAt = now;
    columns.closedAt = null;
  }
  return columns;
}

/** The thread event a status change writes, or null when the status stays. */
export function statusEvent(outcome: Allowed, fromName: string, actorName: string): { event: ThreadEventName; text: string } | null {
  if (!outcome.statusChanged) return null;
  const to = outcome.nextStatus.name;
  if (outcome.reopened) return { event: 'reopened', text: `${actorName} reopened the ticket (${fromName} → ${to})` };
  if (outcome.closed) return { event: 'closed', text: `${actorName} closed the ticket as ${to}` };
  return { event: 'status_changed', text: `${actorName} changed the status from ${fromName} to ${to}` };
}
