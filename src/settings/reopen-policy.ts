import { decide, LifecycleOutcome, StatusFacts } from '../tickets/ticket-lifecycle';
import type { ReopenPolicy } from './settings.schema';

export const NEW_TICKET_MESSAGE = 'This ticket is closed. Please open a new ticket.';

/**
 * What an end user's reply does to a ticket: the lifecycle's rule under the help desk's reopen policy.
 * The portal's POST and its page hint both ask here, so they never disagree.
 *
 * CASE: with "new_ticket", a reply to any closed ticket is refused (reopenable or not); replies to open
 * tickets and the lifecycle's other refusals (archived, deleted) are unchanged.
 */
export function userReplyOutcome(current: StatusFacts, defaultOpen: StatusFacts, policy: ReopenPolicy): LifecycleOutcome {
  if (policy === 'new_ticket' && current.state === 'closed') return { allowed: false, code: 'not_reopenable', message: NEW_TICKET_MESSAGE };
  return decide({ current, defaultOpen }, { kind: 'user_reply' });
}
