/**
 * Ticket lifecycle: the single place that decides whether an action may touch a
 * ticket and what its status becomes. Pure on purpose (no Nest, no DB, no clock)
 * so that portal, staff panel, API and CLI all get identical answers and every
 * rule is unit-testable from the tables below.
 */

export type StatusState = 'open' | 'closed' | 'archived' | 'deleted';

export interface StatusFacts {
  id: number;
  name: string;
  state: StatusState;
  /** May an end user's reply bring a ticket in this (closed) status back to open? */
  reopenable: boolean;
  pausesSla: boolean;
}

export type TicketAction =
  | { kind: 'agent_reply'; setStatus?: StatusFacts }
  | { kind: 'internal_note'; setStatus?: StatusFacts }
  | { kind: 'user_reply' }
  | { kind: 'change_status'; setStatus: StatusFacts }
  | { kind: 'assign' }
  | { kind: 'release' }
  | { kind: 'transfer' }
  | { kind: 'set_priority' }
  | { kind: 'set_topic' }
  | { kind: 'set_sla' };

export type TicketActionKind = TicketAction['kind'];

export interface LifecycleContext {
  current: StatusFacts;
  /** Where a user reply lands when it reopens a closed ticket. */
  defaultOpen: StatusFacts;
}

export type LifecycleRefusal =
  | 'ticket_closed'
  | 'ticket_archived'
  | 'not_reopenable'
  | 'status_unchanged'
  | 'invalid_transition';

export type LifecycleOutcome =
  | {
      allowed: true;
      nextStatus: StatusFacts;
      statusChanged: boolean;
      reopened: boolean;
      closed: boolean;
      /** 'keep' = leave the ticket's answered flag as it is. */
      isAnswered: boolean | 'keep';
    }
  | { allowed: false; code: LifecycleRefusal; message: string };

/**
 * What a ticket in a given state does with an action:
 * - 'ok'     allowed; status follows the action's setStatus, if any;
 * - 'reopen' allowed only if the current status is reopenable; goes to defaultOpen;
 * - a refusal code: refused outright.
 */
type Verdict = 'ok' | 'reopen' | 'ticket_closed' | 'ticket_archived';

interface ActionRule {
  /** Effect on the "answered" flag: staff replies answer, user replies un-answer. */
  answered: boolean | 'keep';
  open: Verdict;
  closed: Verdict;
  archived: Verdict;
  deleted: Verdict;
}

const SHELVED = 'ticket_archived'; // archived/deleted tickets are read-only until restored

// The rules table. Row order is also the order of TICKET_ACTION_KINDS.
const RULES: Readonly<Record<TicketActionKind, ActionRule>> = {
  // CASE: a "final reply" on a closed ticket is allowed and keeps it closed.
  agent_reply:   { answered: true,   open: 'ok', closed: 'ok',            archived: SHELVED, deleted: SHELVED },
  // Notes are staff-only, so they never touch the answered flag.
  internal_note: { answered: 'keep', open: 'ok', closed: 'ok',            archived: SHELVED, deleted: SHELVED },
  // CASE: a user reply on a closed ticket reopens it, but only from a reopenable status.
  user_reply:    { answered: false,  open: 'ok', closed: 'reopen',        archived: SHELVED, deleted: SHELVED },
  // CASE: the only action an archived/deleted ticket accepts (a restore).
  change_status: { answered: 'keep', open: 'ok', closed: 'ok',            archived: 'ok',    deleted: 'ok' },
  // Nobody should own or route work that is finished: reopen first.
  assign:        { answered: 'keep', open: 'ok', closed: 'ticket_closed', archived: SHELVED, deleted: SHELVED },
  release:       { answered: 'keep', open: 'ok', closed: 'ticket_closed', archived: SHELVED, deleted: SHELVED },
  transfer:      { answered: 'keep', open: 'ok', closed: 'ticket_closed', archived: SHELVED, deleted: SHELVED },
  // CASE: metadata stays editable on closed tickets so reporting can be corrected.
  set_priority:  { answered: 'keep', open: 'ok', closed: 'ok',            archived: SHELVED, deleted: SHELVED },
  set_topic:     { answered: 'keep', open: 'ok', closed: 'ok',            archived: SHELVED, deleted: SHELVED },
  set_sla:       { answered: 'keep', open: 'ok', closed: 'ok',            archived: SHELVED, deleted: SHELVED },
};

export const TICKET_ACTION_KINDS: readonly TicketActionKind[] = Object.freeze(
  Object.keys(RULES) as TicketActionKind[],
);

/** States a reply/note may set in passing; archiving and deleting are deliberate acts. */
const REPLY_SETTABLE_STATES: readonly StatusState[] = ['open', 'closed'];

const MESSAGES: Record<LifecycleRefusal, (ctx: LifecycleContext, target?: StatusFacts) => string> = {
  ticket_archived: ({ current }) => `This ticket is ${current.state}; restore it first.`,
  ticket_closed: () => 'This ticket is closed. Reopen the ticket first.',
  not_reopenable: () => 'This ticket is closed and cannot be reopened; please open a new ticket.',
  status_unchanged: ({ current }) => `The ticket is already in status "${current.name}".`,
  invalid_transition: (_ctx, target) =>
    `A reply or note cannot set the status to "${target?.name}" (${target?.state}); use a status change instead.`,
};

function refuse(code: LifecycleRefusal, ctx: LifecycleContext, target?: StatusFacts): LifecycleOutcome {
  return { allowed: false, code, message: MESSAGES[code](ctx, target) };
}

/** The status the action asks for, if it asks for one at all. */
function requestedStatus(action: TicketAction): StatusFacts | undefined {
  return 'setStatus' in action ? action.setStatus : undefined;
}

export function decide(ctx: LifecycleContext, action: TicketAction): LifecycleOutcome {
  const { current } = ctx;
  const rule = RULES[action.kind];
  const verdict = rule[current.state];
  if (verdict === 'ticket_closed' || verdict === 'ticket_archived') return refuse(verdict, ctx);

  // CASE: non-reopenable closed statuses ("Closed (final)") make the user start a new ticket.
  // Only user replies are bound by this; staff can still reopen via change_status.
  if (verdict === 'reopen' && !current.reopenable) return refuse('not_reopenable', ctx);

  const requested = requestedStatus(action);
  if (action.kind === 'change_status' && requested?.id === current.id) {
    // CASE: an explicit status change that changes nothing is a user mistake worth reporting.
    return refuse('status_unchanged', ctx);
  }
  if (action.kind !== 'change_status' && requested && requested.id !== current.id) {
    if (!REPLY_SETTABLE_STATES.includes(requested.state)) return refuse('invalid_transition', ctx, requested);
  }

  // CASE: setStatus equal to the current status on a reply/note is a harmless no-op, not an error.
  const nextStatus =
    verdict === 'reopen' ? ctx.defaultOpen : requested && requested.id !== current.id ? requested : current;

  return {
    allowed: true,
    nextStatus,
    statusChanged: nextStatus.id !== current.id,
    // CASE: restoring from archived/deleted is not a "reopen" (no reopen notice, no reopen count).
    reopened: current.state === 'closed' && nextStatus.state === 'open',
    closed: current.state !== 'closed' && nextStatus.state === 'closed',
    isAnswered: rule.answered,
  };
}
