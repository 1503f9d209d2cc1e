import { ThreadEventName } from '../threads/thread-entry.entity';
import { LifecycleOutcome } from './ticket-lifecycle';
import { Ticket } from './ticket.entity';

type Allowed = Extract<LifecycleOutcome, { allowed: true }>;

/**
 * The ticket columns a lifecycle outcome changes (status, state, answered flag, close/reopen stamps).
 * `prior` is the ticket's row before the change (null where the caller knows it was idle for long).
 */
export function statusColumns(outcome: Allowed, now: Date, prior: Pick<Ticket, 'closedAt' | 'reopenedAt'> | null): Partial<Ticket> {
  const columns: Partial<Ticket> = {};
  if (outcome.statusChanged) {
    columns.statusId = outcome.nextStatus.id;
    columns.state = outcome.nextStatus.state;
  }
  if (outcome.isAnswered !== 'keep') columns.isAnswered = outcome.isAnswered;
  if (outcome.closed) columns.closedAt = prior?.reopenedAt ? inLaterSecond(now, prior.reopenedAt) : now;
  if (outcome.reopened) {
    columns.reopenedAt = prior?.closedAt && prior.closedAt > now ? prior.closedAt : now;
    columns.closedAt = null;
  }
  return columns;
}

/**
 * The closing time identifies one resolution (a satisfaction rating rates exactly one), and MySQL keeps
 * whole seconds. So a reopening never precedes the close it undoes, and the next close falls in a later
 * second than that reopening: a reopen and re-resolve within one second still make a new resolution.
 */
function inLaterSecond(now: Date, after: Date): Date {
  const afterSecond = Math.floor(after.getTime() / 1000);
  return Math.floor(now.getTime() / 1000) > afterSecond ? now : new Date((afterSecond + 1) * 1000);
}

/** The thread event a status change writes, or null when the status stays. */
export function statusEvent(outcome: Allowed, fromName: string, actorName: string): { event: ThreadEventName; text: string } | null {
  if (!outcome.statusChanged) return null;
  const to = outcome.nextStatus.name;
  if (outcome.reopened) return { event: 'reopened', text: `${actorName} reopened the ticket (${fromName} → ${to})` };
  if (outcome.closed) return { event: 'closed', text: `${actorName} closed the ticket as ${to}` };
  return { event: 'status_changed', text: `${actorName} changed the status from ${fromName} to ${to}` };
}
