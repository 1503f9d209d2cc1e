import {
  decide,
  LifecycleContext,
  LifecycleOutcome,
  LifecycleRefusal,
  StatusFacts,
  StatusState,
  TICKET_ACTION_KINDS,
  TicketAction,
  TicketActionKind,
} from './ticket-lifecycle';

const status = (id: number, name: string, state: StatusState, extra: Partial<StatusFacts> = {}): StatusFacts =>
  Object.freeze({ id, name, state, reopenable: state === 'closed', pausesSla: false, ...extra });

const OPEN = status(1, 'Open', 'open');
const IN_PROGRESS = status(2, 'In Progress', 'open');
const AWAITING = status(3, 'Awaiting Response', 'open', { pausesSla: true });
const RESOLVED = status(4, 'Resolved', 'closed');
const CLOSED = status(5, 'Closed', 'closed');
const ARCHIVED = status(6, 'Archived', 'archived');
const DELETED = status(7, 'Deleted', 'deleted');
const FINAL = status(8, 'Closed (final)', 'closed', { reopenable: false });

const ctx = (current: StatusFacts, defaultOpen: StatusFacts = OPEN): LifecycleContext =>
  Object.freeze({ current, defaultOpen });

/** A plain action of each kind; change_status needs a target, chosen per test. */
const plain = (kind: TicketActionKind, target: StatusFacts = OPEN): TicketAction =>
  (kind === 'change_status' ? { kind, setStatus: target } : { kind }) as TicketAction;

/** Test-title helper: prefix a row with a readable label ("Open -> Resolved"). */
const label = <T extends readonly unknown[]>(row: T): [string, ...T] => [
  row.map((x) => (typeof x === 'object' && x !== null && 'name' in x ? (x as StatusFacts).name : String(x))).join(' -> '),
  ...row,
];

const allowed = (outcome: LifecycleOutcome) => {
  if (!outcome.allowed) throw new Error(`expected allowed, got ${outcome.code}: ${outcome.message}`);
  return outcome;
};
const refused = (outcome: LifecycleOutcome) => {
  if (outcome.allowed) throw new Error(`expected refusal, got allowed -> ${outcome.nextStatus.name}`);
  return outcome;
};

// --- Full matrix: every (status state x action kind) pair -----------------------------------------

type Expected =
  | { code: LifecycleRefusal }
  | { next: StatusFacts; answered: boolean | 'keep'; reopened?: true; closed?: true };

/** Representative current status per state, and the change_status target used for it. */
const REPRESENTATIVE: Record<StatusState, { current: StatusFacts; changeTo: StatusFacts }> = {
  open: { current: OPEN, changeTo: RESOLVED },
  closed: { current: RESOLVED, changeTo: OPEN },
  archived: { current: ARCHIVED, changeTo: OPEN },
  deleted: { current: DELETED, changeTo: OPEN },
};

const ARCH = { code: 'ticket_archived' } as const;
const MATRIX: Array<[StatusState, TicketActionKind, Expected]> = [
  ['open', 'agent_reply', { next: OPEN, answered: true }],
  ['open', 'internal_note', { next: OPEN, answered: 'keep' }],
  ['open', 'user_reply', { next: OPEN, answered: false }],
  ['open', 'change_status', { next: RESOLVED, answered: 'keep', closed: true }],
  ['open', 'assign', { next: OPEN, answered: 'keep' }],
  ['open', 'release', { next: OPEN, answered: 'keep' }],
  ['open', 'transfer', { next: OPEN, answered: 'keep' }],
  ['open', 'set_priority', { next: OPEN, answered: 'keep' }],
  ['open', 'set_topic', { next: OPEN, answered: 'keep' }],
  ['open', 'set_sla', { next: OPEN, answered: 'keep' }],

  ['closed', 'agent_reply', { next: RESOLVED, answered: true }],
  ['closed', 'internal_note', { next: RESOLVED, answered: 'keep' }],
  ['closed', 'user_reply', { next: OPEN, answered: false, reopened: true }],
  ['closed', 'change_status', { next: OPEN, answered: 'keep', reopened: true }],
  ['closed', 'assign', { code: 'ticket_closed' }],
  ['closed', 'release', { code: 'ticket_closed' }],
  ['closed', 'transfer', { code: 'ticket_closed' }],
  ['closed', 'set_priority', { next: RESOLVED, answered: 'keep' }],
  ['closed', 'set_topic', { next: RESOLVED, answered: 'keep' }],
  ['closed', 'set_sla', { next: RESOLVED, answered: 'keep' }],

  ['archived', 'agent_reply', ARCH],
  ['archived', 'internal_note', ARCH],
  ['archived', 'user_reply', ARCH],
  ['archived', 'change_status', { next: OPEN, answered: 'keep' }],
  ['archived', 'assign', ARCH],
  ['archived', 'release', ARCH],
  ['archived', 'transfer', ARCH],
  ['archived', 'set_priority', ARCH],
  ['archived', 'set_topic', ARCH],
  ['archived', 'set_sla', ARCH],

  ['deleted', 'agent_reply', ARCH],
  ['deleted', 'internal_note', ARCH],
  ['deleted', 'user_reply', ARCH],
  ['deleted', 'change_status', { next: OPEN, answered: 'keep' }],
  ['deleted', 'assign', ARCH],
  ['deleted', 'release', ARCH],
  ['deleted', 'transfer', ARCH],
  ['deleted', 'set_priority', ARCH],
  ['deleted', 'set_topic', ARCH],
  ['deleted', 'set_sla', ARCH],
];

describe('ticket lifecycle: state x action matrix', () => {
  it('lists every action kind exactly once', () => {
    expect(new Set(TICKET_ACTION_KINDS).size).toBe(TICKET_ACTION_KINDS.length);
    expect([...TICKET_ACTION_KINDS].sort()).toEqual(
      ['agent_reply', 'assign', 'change_status', 'internal_note', 'release', 'set_priority', 'set_sla', 'set_topic', 'transfer', 'user_reply'],
    );
  });

  it('the matrix covers every (state, kind) pair exactly once', () => {
    const states = Object.keys(REPRESENTATIVE) as StatusState[];
    const wanted = states.flatMap((s) => TICKET_ACTION_KINDS.map((k) => `${s}/${k}`)).sort();
    expect(MATRIX.map(([s, k]) => `${s}/${k}`).sort()).toEqual(wanted);
  });

  const summary = (e: Expected) =>
    'code' in e ? `refused ${e.code}` : `${e.next.name}${e.reopened ? ' (reopened)' : ''}${e.closed ? ' (closed)' : ''}`;

  it.each(MATRIX.map(([s, k, e]) => [s, k, summary(e), e] as const))('%s ticket, %s -> %s', (state, kind, _s, expected) => {
    const { current, changeTo } = REPRESENTATIVE[state];
    const outcome = decide(ctx(current), plain(kind, changeTo));
    if ('code' in expected) {
      expect(refused(outcome).code).toBe(expected.code);
      expect(refused(outcome).message).toEqual(expect.any(String));
      return;
    }
    expect(outcome).toEqual({
      allowed: true,
      nextStatus: expected.next,
      statusChanged: expected.next.id !== current.id,
      reopened: expected.reopened ?? false,
      closed: expected.closed ?? false,
      isAnswered: expected.answered,
    });
  });
});

// --- Edge cases -----------------------------------------------------------------------------------

describe('ticket lifecycle: setStatus on replies and notes', () => {
  it.each(([
    ['agent_reply', OPEN],
    ['internal_note', OPEN],
    ['agent_reply', RESOLVED],
    ['internal_note', RESOLVED],
  ] as const).map(([k, c]) => [`${k} on ${c.name}`, k, c] as const))('%s: setStatus equal to the current status is a no-op', (_l, kind, current) => {
    const out = allowed(decide(ctx(current), { kind, setStatus: { ...current } }));
    expect(out.nextStatus).toBe(current);
    expect(out).toMatchObject({ statusChanged: false, reopened: false, closed: false });
  });

  it.each(([
    ['agent_reply', OPEN, ARCHIVED],
    ['agent_reply', OPEN, DELETED],
    ['internal_note', OPEN, ARCHIVED],
    ['internal_note', OPEN, DELETED],
    ['agent_reply', CLOSED, ARCHIVED],
    ['internal_note', CLOSED, DELETED],
  ] as const).map(([k, c, t]) => [`${k} on ${c.name} setting ${t.name}`, k, c, t] as const))('%s is invalid_transition', (_l, kind, current, target) => {
    const out = refused(decide(ctx(current), { kind, setStatus: target }));
    expect(out.code).toBe('invalid_transition');
    expect(out.message).toContain(target.name);
  });

  it('a reply on an archived ticket is refused as archived even when it carries a setStatus', () => {
    expect(refused(decide(ctx(ARCHIVED), { kind: 'agent_reply', setStatus: OPEN })).code).toBe('ticket_archived');
  });

  it('an agent reply can close an open ticket in the same step', () => {
    const out = allowed(decide(ctx(IN_PROGRESS), { kind: 'agent_reply', setStatus: RESOLVED }));
    expect(out).toEqual({ allowed: true, nextStatus: RESOLVED, statusChanged: true, reopened: false, closed: true, isAnswered: true });
  });

  it('an agent reply can move between open statuses (e.g. to Awaiting Response)', () => {
    const out = allowed(decide(ctx(OPEN), { kind: 'agent_reply', setStatus: AWAITING }));
    expect(out).toMatchObject({ nextStatus: AWAITING, statusChanged: true, reopened: false, closed: false, isAnswered: true });
  });

  it('an internal note with an open setStatus reopens a closed ticket', () => {
    const out = allowed(decide(ctx(CLOSED), { kind: 'internal_note', setStatus: IN_PROGRESS }));
    expect(out).toMatchObject({ nextStatus: IN_PROGRESS, statusChanged: true, reopened: true, closed: false, isAnswered: 'keep' });
  });

  it('a final agent reply on a closed ticket can move it to another closed status', () => {
    const out = allowed(decide(ctx(RESOLVED), { kind: 'agent_reply', setStatus: CLOSED }));
    expect(out).toMatchObject({ nextStatus: CLOSED, statusChanged: true, reopened: false, closed: false, isAnswered: true });
  });
});

describe('ticket lifecycle: user replies on closed tickets', () => {
  it.each(([[RESOLVED], [CLOSED]] as const).map(label))('reopens a reopenable closed status (%s) to the default open status', (_l, current) => {
    const out = allowed(decide(ctx(current), { kind: 'user_reply' }));
    expect(out).toEqual({ allowed: true, nextStatus: OPEN, statusChanged: true, reopened: true, closed: false, isAnswered: false });
  });

  it('uses ctx.defaultOpen, whatever it is', () => {
    expect(allowed(decide(ctx(RESOLVED, IN_PROGRESS), { kind: 'user_reply' })).nextStatus).toBe(IN_PROGRESS);
  });

  it('refuses on a non-reopenable closed status', () => {
    const out = refused(decide(ctx(FINAL), { kind: 'user_reply' }));
    expect(out.code).toBe('not_reopenable');
    expect(out.message).toBe('This ticket is closed and cannot be reopened; please open a new ticket.');
  });

  it('a non-reopenable status still lets staff reopen through change_status', () => {
    const out = allowed(decide(ctx(FINAL), { kind: 'change_status', setStatus: OPEN }));
    expect(out).toMatchObject({ nextStatus: OPEN, reopened: true, closed: false });
  });

  it('a non-reopenable status still accepts staff replies, keeping it closed', () => {
    expect(allowed(decide(ctx(FINAL), { kind: 'agent_reply' }))).toMatchObject({ nextStatus: FINAL, statusChanged: false });
  });
});

describe('ticket lifecycle: change_status', () => {
  it('Resolved -> Closed is allowed and is neither a close nor a reopen', () => {
    const out = allowed(decide(ctx(RESOLVED), { kind: 'change_status', setStatus: CLOSED }));
    expect(out).toEqual({ allowed: true, nextStatus: CLOSED, statusChanged: true, reopened: false, closed: false, isAnswered: 'keep' });
  });

  it.each(([[OPEN], [IN_PROGRESS], [RESOLVED], [FINAL], [ARCHIVED], [DELETED]] as const).map(label))('to the same status (%s) is status_unchanged', (_l, s) => {
    const out = refused(decide(ctx(s), { kind: 'change_status', setStatus: { ...s } }));
    expect(out.code).toBe('status_unchanged');
    expect(out.message).toContain(s.name);
  });

  it.each(([
    [ARCHIVED, OPEN],
    [DELETED, OPEN],
    [ARCHIVED, IN_PROGRESS],
  ] as const).map(label))('restores %s: status changes but it is not a reopen', (_l, current, target) => {
    const out = allowed(decide(ctx(current), { kind: 'change_status', setStatus: target }));
    expect(out).toEqual({ allowed: true, nextStatus: target, statusChanged: true, reopened: false, closed: false, isAnswered: 'keep' });
  });

  it('restoring an archived ticket into a closed status counts as entering closed', () => {
    expect(allowed(decide(ctx(ARCHIVED), { kind: 'change_status', setStatus: RESOLVED }))).toMatchObject({ closed: true, reopened: false });
  });

  it('moves between archived and deleted', () => {
    expect(allowed(decide(ctx(ARCHIVED), { kind: 'change_status', setStatus: DELETED }))).toMatchObject({ nextStatus: DELETED, statusChanged: true });
    expect(allowed(decide(ctx(DELETED), { kind: 'change_status', setStatus: ARCHIVED }))).toMatchObject({ nextStatus: ARCHIVED, statusChanged: true });
  });

  it.each(([
    [OPEN, ARCHIVED],
    [RESOLVED, ARCHIVED],
    [CLOSED, DELETED],
  ] as const).map(label))('archives/deletes %s without a close or reopen flag', (_l, current, target) => {
    const out = allowed(decide(ctx(current), { kind: 'change_status', setStatus: target }));
    expect(out).toMatchObject({ nextStatus: target, statusChanged: true, reopened: false, closed: false });
  });

  it('open -> another open status changes status only', () => {
    expect(allowed(decide(ctx(OPEN), { kind: 'change_status', setStatus: AWAITING }))).toMatchObject({
      statusChanged: true, reopened: false, closed: false,
    });
  });
});

describe('ticket lifecycle: refusal messages', () => {
  it.each(([
    [ARCHIVED, 'This ticket is archived; restore it first.'],
    [DELETED, 'This ticket is deleted; restore it first.'],
  ] as const).map(([c, m]) => [c.name, c, m] as const))('%s ticket: the refusal names the state', (_l, current, message) => {
    expect(refused(decide(ctx(current), { kind: 'user_reply' })).message).toBe(message);
  });

  it('closed ticket asks to reopen first', () => {
    expect(refused(decide(ctx(CLOSED), { kind: 'assign' })).message).toMatch(/Reopen the ticket first\./);
  });
});

describe('ticket lifecycle: isAnswered per action kind', () => {
  const EXPECTED_ANSWERED: Record<TicketActionKind, boolean | 'keep'> = {
    agent_reply: true,
    user_reply: false,
    internal_note: 'keep',
    change_status: 'keep',
    assign: 'keep',
    release: 'keep',
    transfer: 'keep',
    set_priority: 'keep',
    set_topic: 'keep',
    set_sla: 'keep',
  };

  it.each(TICKET_ACTION_KINDS.map((k) => [k, EXPECTED_ANSWERED[k]] as const))('%s on an open ticket -> %s', (kind, want) => {
    expect(allowed(decide(ctx(IN_PROGRESS), plain(kind, AWAITING))).isAnswered).toBe(want);
  });
});

describe('ticket lifecycle: purity', () => {
  it('does not mutate its inputs and is deterministic', () => {
    const c = ctx(RESOLVED); // frozen, as are the fixtures: a write would throw in strict mode
    const action = Object.freeze({ kind: 'user_reply' as const });
    expect(decide(c, action)).toEqual(decide(c, action));
  });
});
