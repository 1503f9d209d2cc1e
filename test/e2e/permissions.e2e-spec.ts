import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../../src/staff/role.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

/**
 * The permission table: every role against every ticket action at /scp/tickets/:id/<action>, through
 * HTTP. Each row gets a fresh open ticket in Support (topic General Inquiry, priority Normal, Default
 * SLA, unassigned) and an agent in Support holding the role. Allowed: the change is in the database.
 * Denied: 303 back to the ticket with the role's error flash and the ticket row and thread unchanged.
 * Not found: an agent of another department gets 404 for everything, and nothing changes either.
 */

type Agent = ReturnType<typeof request.agent>;
type Outcome = 'allowed' | 'denied' | 'not found';

const PASSWORD = 'agent-pass-1234';

interface ActionCase {
  path: string;
  fields: (actor: Staff) => Record<string, string>;
  /** The verb in "Your role does not allow you to <verb> this ticket." */
  verb: string;
  /** The change an allowed action leaves on the ticket (and its thread). */
  effect: (ticket: Ticket, entries: ThreadEntry[], actor: Staff) => void;
}

const newEntries = (entries: ThreadEntry[], type: string) => entries.filter((e) => e.type === type && e.body.includes('permission table'));

const ACTIONS: Record<string, ActionCase> = {
  reply: {
    path: 'reply', verb: 'reply to', fields: () => ({ message: 'From the permission table.', statusId: '' }),
    effect: (ticket, entries) => {
      expect(newEntries(entries, 'response')).toHaveLength(1);
      expect(ticket.isAnswered).toBe(true);
    },
  },
  note: {
    path: 'note', verb: '', fields: () => ({ title: '', message: 'Note from the permission table.', statusId: '' }),
    effect: (_ticket, entries) => expect(newEntries(entries, 'note')).toHaveLength(1),
  },
  close: { path: 'status', verb: 'close', fields: () => ({ statusId: '5', comment: '' }), effect: (ticket) => expect(ticket.statusId).toBe(5) },
  delete: { path: 'status', verb: 'delete', fields: () => ({ statusId: '7', comment: '' }), effect: (ticket) => expect(ticket.statusId).toBe(7) },
  assign: {
    path: 'assign', verb: 'assign', fields: (actor) => ({ staffId: String(actor.id), comment: '' }),
    effect: (ticket, _entries, actor) => expect(ticket.staffId).toBe(actor.id),
  },
  transfer: { path: 'transfer', verb: 'transfer', fields: () => ({ departmentId: '3', comment: '' }), effect: (ticket) => expect(ticket.departmentId).toBe(3) },
  priority: { path: 'priority', verb: 'edit', fields: () => ({ priorityId: '4' }), effect: (ticket) => expect(ticket.priorityId).toBe(4) },
  topic: { path: 'topic', verb: 'edit', fields: () => ({ topicId: '2' }), effect: (ticket) => expect(ticket.helpTopicId).toBe(2) },
  sla: { path: 'sla', verb: 'edit', fields: () => ({ slaPlanId: '' }), effect: (ticket) => expect(ticket.slaPlanId).toBeNull() },
};
type ActionName = keyof typeof ACTIONS;

const Y: Outcome = 'allowed';
const N: Outcome = 'denied';
const X: Outcome = 'not found';

/** Who acts: their username, department, role (by name) and admin flag. */
const ACTORS = {
  'All Access': { username: 'perm.all', departmentId: 1, role: 'All Access', isAdmin: false },
  'Expanded Access': { username: 'perm.expanded', departmentId: 1, role: 'Expanded Access', isAdmin: false },
  'Limited Access': { username: 'perm.limited', departmentId: 1, role: 'Limited Access', isAdmin: false },
  'View Only': { username: 'perm.viewonly', departmentId: 1, role: 'View Only', isAdmin: false },
  'Reply Only (custom, one permission)': { username: 'perm.custom', departmentId: 1, role: 'Reply Only', isAdmin: false },
  // CASE: the admin flag wins over the role: this admin's role allows nothing.
  'an admin holding View Only': { username: 'perm.admin', departmentId: 1, role: 'View Only', isAdmin: true },
  'All Access in Sales (another department)': { username: 'perm.sales', departmentId: 2, role: 'All Access', isAdmin: false },
} as const;
type ActorName = keyof typeof ACTORS;

/** The expectations: one row per actor, one column per action. */
const TABLE: Record<ActorName, Record<ActionName, Outcome>> = {
  /*                                                  reply note close delete assign transfer priority topic sla */
  'All Access': /*                               */ { reply: Y, note: Y, close: Y, delete: Y, assign: Y, transfer: Y, priority: Y, topic: Y, sla: Y },
  'Expanded Access': /*                          */ { reply: Y, note: Y, close: Y, delete: N, assign: Y, transfer: Y, priority: Y, topic: Y, sla: Y },
  'Limited Access': /*                           */ { reply: Y, note: Y, close: Y, delete: N, assign: Y, transfer: Y, priority: N, topic: N, sla: N },
  'View Only': /*                                */ { reply: N, note: Y, close: N, delete: N, assign: N, transfer: N, priority: N, topic: N, sla: N },
  'Reply Only (custom, one permission)': /*      */ { reply: Y, note: Y, close: N, delete: N, assign: N, transfer: N, priority: N, topic: N, sla: N },
  'an admin holding View Only': /*               */ { reply: Y, note: Y, close: Y, delete: Y, assign: Y, transfer: Y, priority: Y, topic: Y, sla: Y },
  'All Access in Sales (another department)': /* */ { reply: X, note: X, close: X, delete: X, assign: X, transfer: X, priority: X, topic: X, sla: X },
};

const ROWS = (Object.keys(TABLE) as ActorName[]).flatMap((actor) =>
  (Object.keys(ACTIONS) as ActionName[]).map((action) => [actor, action, TABLE[actor][action]] as const));

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`ticket permissions by role, through HTTP (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  const staff: Partial<Record<ActorName, Staff>> = {};
  const sessions = new Map<ActorName, Agent>();

  async function session(actor: ActorName): Promise<Agent> {
    if (!sessions.has(actor)) sessions.set(actor, await loginAgent(t.http, ACTORS[actor].username, PASSWORD));
    return sessions.get(actor)!;
  }
  const snapshot = async (ticketId: number) => ({
    ticket: await db.getRepository(Ticket).findOneByOrFail({ id: ticketId }),
    entries: await db.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'ASC' } }),
  });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    await db.getRepository(Role).save(db.getRepository(Role).create({ name: 'Reply Only', permissions: ['ticket.reply'] }));
    for (const [name, actor] of Object.entries(ACTORS) as [ActorName, (typeof ACTORS)[ActorName]][]) {
      const role = await db.getRepository(Role).findOneByOrFail({ name: actor.role });
      staff[name] = await t.app.get(StaffService).create({
        username: actor.username, email: `${actor.username}@example.com`, firstName: actor.username, lastName: 'Tester',
        password: PASSWORD, departmentId: actor.departmentId, roleId: role.id, isAdmin: actor.isAdmin,
      });
    }
  });
  afterAll(() => t?.close());

  it('covers every seeded role, a custom role, an admin and another department', async () => {
    const roleNames = new Set(Object.values(ACTORS).map((a) => a.role));
    for (const role of await db.getRepository(Role).find()) expect(roleNames).toContain(role.name);
    expect(ROWS).toHaveLength(7 * 9);
  });

  it.each(ROWS)('%s: %s is %s', async (actorName, actionName, outcome) => {
    const actor = staff[actorName]!;
    const action = ACTIONS[actionName];
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: `${actorName} tries ${actionName}`,
      message: 'Please help.', source: 'web', uploads: [],
    });
    const before = await snapshot(ticket.id);
    expect(before.ticket).toMatchObject({ departmentId: 1, statusId: 1, priorityId: 2, helpTopicId: 1, slaPlanId: 1, staffId: null });

    const agent = await session(actorName);
    const token = await formToken(agent, '/scp/tickets');
    const res = await agent.post(`/scp/tickets/${ticket.id}/${action.path}`).type('form').send({ _csrf: token, lastEntryId: String(before.entries.at(-1)!.id), ...action.fields(actor) });

    if (outcome === 'not found') {
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(ticket.subject);
      expect(await snapshot(ticket.id)).toEqual(before);
      return;
    }
    // Back to the ticket, or to the queue exactly when the action took it out of the agent's reach
    // (a transfer out of their department); the flash shows on that next page.
    expect([res.status, [`/scp/tickets/${ticket.id}`, '/scp/tickets']]).toEqual([303, expect.arrayContaining([res.headers.location])]);
    const outOfReach = res.headers.location === '/scp/tickets';
    const shown = flashes((await agent.get(res.headers.location)).text);
    expect((await agent.get(`/scp/tickets/${ticket.id}`)).status).toBe(outOfReach ? 404 : 200);
    if (outOfReach) expect(shown.pop()).toBe('info: You no longer have access to that ticket.');
    if (outcome === 'denied') {
      expect(shown).toEqual([`error: Your role does not allow you to ${action.verb} this ticket.`]);
      expect(await snapshot(ticket.id)).toEqual(before);
      return;
    }
    expect(shown).toEqual([expect.stringMatching(/^success: /)]);
    const after = await snapshot(ticket.id);
    action.effect(after.ticket, after.entries, actor);
    expect(after.ticket.version).toBeGreaterThan(before.ticket.version);
  });
});
