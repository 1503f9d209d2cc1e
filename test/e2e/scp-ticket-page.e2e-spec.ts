import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Attachment } from '../../src/attachments/attachment.entity';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CannedResponseFile } from '../../src/canned/canned.entities';
import { CannedResponsesService } from '../../src/canned/canned.service';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketLink } from '../../src/ticket-links/ticket-links.entities';
import { TicketLock } from '../../src/ticket-locks/ticket-locks.entities';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;
const PASSWORD = 'agent-pass-1234';

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=');
const textarea = (html: string, id: string) => unescape(new RegExp(`<textarea id="${id}"[^>]*>\\n([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? '');

describe(`staff ticket page: assignment, collisions, locks, merge, links, canned, signature, print (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let john: Staff;
  let jane: Staff;
  let johnAgent: Agent;
  let janeAgent: Agent;

  const newAgent = (username: string, firstName: string, lastName: string, departmentId: number, roleId = 1) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName, lastName, password: PASSWORD, departmentId, roleId });
  const open = (subject: string, email = 'karen@example.com') =>
    t.app.get(TicketIntakeService).open({ email, name: 'Karen Kline', phone: null, topicId: 1, subject, message: `Message about ${subject}`, source: 'web', uploads: [] });
  const ticketRow = (id: number) => db.getRepository(Ticket).findOneByOrFail({ id });
  const entries = (ticketId: number) => db.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'ASC' } });
  const snapshot = async (ticketId: number) => {
    const { version, statusId, staffId, teamId, priorityId, state } = await ticketRow(ticketId);
    return { version, statusId, staffId, teamId, priorityId, state, entries: (await entries(ticketId)).length, links: await db.getRepository(TicketLink).countBy({ ticketId }) };
  };
  /** A message from the end user, as the portal posts it. */
  const userReply = async (ticket: Ticket, message: string) =>
    t.app.get(TicketIntakeService).userReply({ email: 'karen@example.com', userId: ticket.userId, ticketIds: [ticket.id] }, ticket.number, { message, uploads: [] });

  async function post(agent: Agent, ticketId: number, action: string, fields: Record<string, string>, lastEntryId?: string): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(`/scp/tickets/${ticketId}/${action}`).type('form').send({ _csrf: token, lastEntryId: lastEntryId ?? await newestEntryId(db, ticketId), ...fields });
  }
  async function postMultipart(agent: Agent, ticketId: number, action: string, fields: Record<string, string>, file?: { name: string; content: string }): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    let req = agent.post(`/scp/tickets/${ticketId}/${action}`).field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return file ? req.attach('attachments', Buffer.from(file.content), { filename: file.name, contentType: 'text/plain' }) : req;
  }
  const followFlash = async (agent: Agent, ticketId: number) => flashes((await agent.get(`/scp/tickets/${ticketId}`).expect(200)).text);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
    john = await newAgent('john', 'John', 'Doe', 1); // Support, All Access
    jane = await newAgent('jane', 'Jane', 'Roe', 1); // Support, All Access
    await newAgent('lee', 'Lee', 'Limited', 1, 3); // Support, Limited Access: no release, merge or link
    await t.app.get(StaffService).addToTeam(jane.id, 1);
    johnAgent = await loginAgent(t.http, 'john', PASSWORD);
    janeAgent = await loginAgent(t.http, 'jane', PASSWORD);
  });
  afterAll(() => t?.close());

  describe('assignment to a team, reassignment and release', () => {
    it('assigns a team with its event and comment, reassigns, and releases agent and team', async () => {
      const ticket = await open('Team work');
      const assigned = await post(johnAgent, ticket.id, 'team', { teamId: '1', comment: 'Level I takes it' });
      expect(assigned.status).toBe(303);
      expect(await followFlash(johnAgent, ticket.id)).toEqual(['success: Assigned to team Level I Support.']);
      expect((await ticketRow(ticket.id)).teamId).toBe(1);
      const [event, note] = (await entries(ticket.id)).slice(-2);
      expect([event.event, event.body, event.data]).toEqual(['assigned', 'John Doe assigned the ticket to team Level I Support', { teamId: 1, to: 'Level I Support', from: null }]);
      expect([note.type, note.title, note.body]).toEqual(['note', 'Assignment comment', 'Level I takes it']);

      expect((await post(johnAgent, ticket.id, 'assign', { staffId: String(jane.id), comment: '' })).status).toBe(303);
      expect((await post(johnAgent, ticket.id, 'assign', { staffId: String(john.id), comment: 'Taking over' })).status).toBe(303);
      const reassigned = (await entries(ticket.id)).filter((e) => e.event === 'assigned').pop()!;
      expect(reassigned.body).toBe('John Doe claimed the ticket');
      const page = (await johnAgent.get(`/scp/tickets/${ticket.id}`).expect(200)).text;
      expect(page).toContain('<div><dt>Team</dt><dd>Level I Support</dd></div>');
      expect(page).toContain('id="release-both"');

      expect((await post(johnAgent, ticket.id, 'release', { target: 'agent', comment: 'Out of office' })).status).toBe(303);
      expect(await ticketRow(ticket.id)).toMatchObject({ staffId: null, teamId: 1 });
      expect((await post(johnAgent, ticket.id, 'release', { target: 'both', comment: '' })).status).toBe(303);
      expect(await ticketRow(ticket.id)).toMatchObject({ staffId: null, teamId: null });
      const released = (await entries(ticket.id)).filter((e) => e.event === 'released').map((e) => e.body);
      expect(released).toEqual(['John Doe released the ticket from John Doe', 'John Doe released the ticket from team Level I Support']);
    });

    it('refuses bad input with 422 and a role without the permission with the reason, writing nothing', async () => {
      const ticket = await open('Team refusals');
      const before = await snapshot(ticket.id);
      const unknownTeam = await post(johnAgent, ticket.id, 'team', { teamId: '999', comment: '' });
      expect(unknownTeam.status).toBe(422);
      expect(flashes(unknownTeam.text)).toContain('error: Choose a team from the list.');
      expect(unknownTeam.text).toContain('<details class="action" id="action-team" open>');
      const badTarget = await post(johnAgent, ticket.id, 'release', { target: 'everyone', comment: '' });
      expect(badTarget.status).toBe(422);
      expect(flashes(badTarget.text)).toContain('error: Choose what to release.');
      const nothing = await post(johnAgent, ticket.id, 'release', { target: 'agent', comment: '' });
      expect(nothing.status).toBe(422);
      expect(flashes(nothing.text)).toContain('error: The ticket is not assigned to an agent.');
      expect(await snapshot(ticket.id)).toEqual(before);

      await post(johnAgent, ticket.id, 'team', { teamId: '1', comment: '' });
      const leeAgent = await loginAgent(t.http, 'lee', PASSWORD);
      const after = await snapshot(ticket.id);
      const refused = await post(leeAgent, ticket.id, 'release', { target: 'team', comment: '' });
      expect(refused.status).toBe(303);
      expect(await followFlash(leeAgent, ticket.id)).toEqual(['error: Your role does not allow you to release this ticket.']);
      expect(await snapshot(ticket.id)).toEqual(after);
      expect((await post(johnAgent, 99_999_999, 'team', { teamId: '1', comment: '' })).status).toBe(404);
    });
  });

  describe('collision guard', () => {
    it('returns a stale reply with 409, the new entries highlighted and the draft kept; the second submit posts', async () => {
      const ticket = await open('Collision');
      const seen = await newestEntryId(db, ticket.id);
      await userReply(ticket, 'Any news? It is still broken.');
      const before = await snapshot(ticket.id);

      const stale = await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: seen, message: 'We are looking into it.\nHang on.', statusId: '' });
      expect(stale.status).toBe(409);
      expect(flashes(stale.text)).toContain('error: Someone posted to this ticket after you opened it. Read the new entries (highlighted), then submit again.');
      expect(textarea(stale.text, 'reply-message')).toBe('We are looking into it.\nHang on.');
      const newest = (await entries(ticket.id)).pop()!;
      expect(stale.text).toContain(`class="entry entry-message entry-new" id="entry-${newest.id}"`);
      expect(stale.text).toContain(`name="lastEntryId" value="${newest.id}"`);
      expect(await snapshot(ticket.id)).toEqual(before);

      const again = await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: String(newest.id), message: 'We are looking into it.', statusId: '' });
      expect(again.status).toBe(303);
      expect((await entries(ticket.id)).pop()).toMatchObject({ type: 'response', body: 'We are looking into it.' });
    });

    it('guards notes, status and field updates too, but not against the agent\'s own entries', async () => {
      const ticket = await open('Field collision');
      const seen = await newestEntryId(db, ticket.id);
      // John's own note (another tab) does not make his other forms stale.
      expect((await postMultipart(johnAgent, ticket.id, 'note', { lastEntryId: seen, message: 'Checked the logs.', statusId: '' })).status).toBe(303);
      expect((await post(johnAgent, ticket.id, 'priority', { priorityId: '3' }, seen)).status).toBe(303);
      // Jane changes the status: John's forms from before are stale now.
      expect((await post(janeAgent, ticket.id, 'status', { statusId: '2', comment: '' })).status).toBe(303);
      const before = await snapshot(ticket.id);
      for (const [action, fields] of [['priority', { priorityId: '4' }], ['status', { statusId: '3', comment: '' }], ['topic', { topicId: '2' }], ['sla', { slaPlanId: '' }]] as const) {
        const res = await post(johnAgent, ticket.id, action, fields, seen);
        expect([action, res.status]).toEqual([action, 409]);
        expect(res.text).toContain('entry-new');
      }
      const note = await postMultipart(johnAgent, ticket.id, 'note', { lastEntryId: seen, message: 'Late note', statusId: '' });
      expect(note.status).toBe(409);
      expect(await snapshot(ticket.id)).toEqual(before);
      expect((await post(johnAgent, ticket.id, 'priority', { priorityId: '4' })).status).toBe(303);
      expect((await ticketRow(ticket.id)).priorityId).toBe(4);
    });
  });

  describe('ticket lock', () => {
    it('is taken on page load, shown to others, renewed as "replying" by the heartbeat and released on post', async () => {
      const ticket = await open('Locked ticket');
      await johnAgent.get(`/scp/tickets/${ticket.id}`).expect(200);
      const lock = await db.getRepository(TicketLock).findOneByOrFail({ ticketId: ticket.id });
      expect([lock.staffId, lock.activity]).toEqual([john.id, 'viewing']);

      const janePage = (await janeAgent.get(`/scp/tickets/${ticket.id}`).expect(200)).text;
      expect(janePage).toContain('John Doe has this ticket open.');

      const token = csrfFrom((await johnAgent.get(`/scp/tickets/${ticket.id}`)).text);
      const beat = await johnAgent.post(`/scp/tickets/${ticket.id}/lock`).set('X-CSRF-Token', token).set('Accept', 'application/json').expect(200);
      expect(beat.body).toEqual({ held: true, holder: null });
      expect((await janeAgent.get(`/scp/tickets/${ticket.id}`)).text).toContain('John Doe is replying to this ticket.');
      const janeToken = csrfFrom(janePage);
      const janeBeat = await janeAgent.post(`/scp/tickets/${ticket.id}/lock`).set('X-CSRF-Token', janeToken).expect(200);
      expect(janeBeat.body).toEqual({ held: false, holder: { name: 'John Doe', activity: 'replying', message: 'John Doe is replying' } });

      expect((await johnAgent.post(`/scp/tickets/${ticket.id}/lock`)).status).toBe(403); // no CSRF token
      expect((await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: await newestEntryId(db, ticket.id), message: 'Done.', statusId: '' })).status).toBe(303);
      expect(await db.getRepository(TicketLock).countBy({ ticketId: ticket.id })).toBe(0);
      expect((await janeAgent.get(`/scp/tickets/${ticket.id}`)).text).not.toContain('John Doe is replying');
    });

    it('answers a heartbeat for an unknown ticket with 404', async () => {
      const token = await formToken(johnAgent, '/scp/tickets');
      expect((await johnAgent.post('/scp/tickets/99999999/lock').set('X-CSRF-Token', token)).status).toBe(404);
    });
  });

  describe('merge', () => {
    it('moves the merged threads into the survivor, closes them with a pointer, and writes events on both sides', async () => {
      const survivor = await open('Mobile banking is down');
      const dupe1 = await open('Banking app broken');
      await userReply(survivor, 'Still down this afternoon.');
      const dupe2 = await open('Cannot log in to the app');
      const dupeEntries = [...(await entries(dupe1.id)), ...(await entries(dupe2.id))].map((e) => e.id);

      const res = await post(johnAgent, survivor.id, 'merge', { tickets: `${dupe1.number}, #${dupe2.number}` });
      expect(res.status).toBe(303);
      expect(await followFlash(johnAgent, survivor.id)).toEqual([`success: Merged #${dupe1.number}, #${dupe2.number} into this ticket.`]);

      const thread = await entries(survivor.id);
      expect(thread.map((e) => e.id)).toEqual([...thread.map((e) => e.id)].sort((a, b) => a - b));
      for (const id of dupeEntries) expect(thread.map((e) => e.id)).toContain(id);
      expect(thread.filter((e) => e.type === 'message').map((e) => e.body)).toEqual([
        'Message about Mobile banking is down', 'Message about Banking app broken', 'Still down this afternoon.', 'Message about Cannot log in to the app',
      ]);
      expect(thread.filter((e) => e.event === 'merged').map((e) => e.body)).toEqual([
        `John Doe merged ticket #${dupe1.number} (Banking app broken) into this ticket`,
        `John Doe merged ticket #${dupe2.number} (Cannot log in to the app) into this ticket`,
      ]);
      for (const dupe of [dupe1, dupe2]) {
        expect(await ticketRow(dupe.id)).toMatchObject({ state: 'closed', statusId: 5 });
        const left = await entries(dupe.id);
        expect(left.map((e) => e.event)).toEqual(['merged', 'closed']);
        expect(left[0].body).toBe(`John Doe merged this ticket into #${survivor.number}; its thread is there now`);
        expect(await db.getRepository(TicketLink).findOneByOrFail({ ticketId: dupe.id })).toMatchObject({ kind: 'merged_into', linkedTicketId: survivor.id });
      }
      const merged = (await johnAgent.get(`/scp/tickets/${dupe1.id}`).expect(200)).text;
      expect(merged).toContain(`This ticket was merged into <a href="/scp/tickets/${survivor.id}">ticket #${survivor.number}</a>`);
      const page = (await johnAgent.get(`/scp/tickets/${survivor.id}`).expect(200)).text;
      expect(page).toContain('Merged from</span>');
      expect(page).toContain('Message about Banking app broken');
    });

    it('keeps the merged ticket\'s files reachable from the survivor', async () => {
      const survivor = await open('Printer jam');
      const dupe = await open('Printer jammed again');
      await postMultipart(johnAgent, dupe.id, 'note', { lastEntryId: await newestEntryId(db, dupe.id), message: 'Log attached', statusId: '' }, { name: 'jam.txt', content: 'jam log' });
      const file = await db.getRepository(Attachment).findOneByOrFail({ ticketId: dupe.id });
      expect((await post(johnAgent, survivor.id, 'merge', { tickets: dupe.number })).status).toBe(303);
      expect((await db.getRepository(Attachment).findOneByOrFail({ id: file.id })).ticketId).toBe(survivor.id);
      const page = (await johnAgent.get(`/scp/tickets/${survivor.id}`)).text;
      expect(page).toContain(`href="/scp/attachments/${file.id}"`);
      expect((await johnAgent.get(`/scp/attachments/${file.id}`).expect(200)).text).toBe('jam log');
    });

    it('refuses a merge into itself, an already merged ticket, an unknown number and a role without merge, writing nothing', async () => {
      const a = await open('Merge refusals A');
      const b = await open('Merge refusals B');
      const c = await open('Merge refusals C');
      const before = await Promise.all([a, b, c].map((x) => snapshot(x.id)));

      const self = await post(johnAgent, a.id, 'merge', { tickets: `${b.number} ${a.number}` });
      expect(self.status).toBe(422);
      expect(self.text).toContain('<p class="field-error" id="merge-tickets-error">A ticket cannot be merged into itself.</p>');
      expect(self.text).toContain(`value="${b.number} ${a.number}"`);
      const unknown = await post(johnAgent, a.id, 'merge', { tickets: '999999999' });
      expect(unknown.status).toBe(422);
      expect(unknown.text).toContain('No ticket #999999999 that you can see.');
      const empty = await post(johnAgent, a.id, 'merge', { tickets: '' });
      expect(empty.status).toBe(422);
      const leeAgent = await loginAgent(t.http, 'lee', PASSWORD);
      expect((await post(leeAgent, a.id, 'merge', { tickets: b.number })).status).toBe(303);
      expect(await followFlash(leeAgent, a.id)).toEqual(['error: Your role does not allow you to merge this ticket.']);
      expect(await Promise.all([a, b, c].map((x) => snapshot(x.id)))).toEqual(before);

      expect((await post(johnAgent, a.id, 'merge', { tickets: b.number })).status).toBe(303);
      const twice = await post(johnAgent, c.id, 'merge', { tickets: b.number });
      expect(twice.status).toBe(422);
      expect(unescape(twice.text)).toContain(`Ticket #${b.number} was already merged into #${a.number}.`);
      const intoMerged = await post(johnAgent, b.id, 'merge', { tickets: c.number });
      expect(intoMerged.status).toBe(422);
      expect((await post(johnAgent, 99_999_999, 'merge', { tickets: c.number })).status).toBe(404);
      expect(await snapshot(c.id)).toEqual(before[2]);
    });
  });

  describe('links', () => {
    it('links two tickets both ways with events, lists them on both pages, and unlinks', async () => {
      const a = await open('Link A');
      const b = await open('Link B');
      const res = await post(johnAgent, a.id, 'link', { number: `#${b.number}`, reason: 'Same outage' });
      expect(res.status).toBe(303);
      expect(await followFlash(johnAgent, a.id)).toEqual([`success: Linked to #${b.number}.`]);
      const pageB = (await johnAgent.get(`/scp/tickets/${b.id}`)).text;
      expect(pageB).toContain(`<a href="/scp/tickets/${a.id}">#${a.number}</a> <span class="link-subject">Link A</span>`);
      expect(pageB).toContain('(Same outage)');
      expect((await entries(b.id)).pop()).toMatchObject({ event: 'linked', body: `John Doe linked this ticket to #${a.number} (Same outage)` });

      const again = await post(johnAgent, b.id, 'link', { number: a.number, reason: '' });
      expect(again.status).toBe(422);
      expect(again.text).toContain(`This ticket is already linked to #${a.number}.`);
      const self = await post(johnAgent, a.id, 'link', { number: a.number, reason: '' });
      expect(self.status).toBe(422);
      expect(self.text).toContain('A ticket cannot be linked to itself.');
      const bad = await post(johnAgent, a.id, 'link', { number: 'not a number!', reason: '' });
      expect(bad.status).toBe(422);

      const token = await formToken(johnAgent, `/scp/tickets/${b.id}`);
      const unlink = await johnAgent.post(`/scp/tickets/${b.id}/links/${a.id}/delete`).type('form').send({ _csrf: token });
      expect(unlink.status).toBe(303);
      expect(await followFlash(johnAgent, b.id)).toEqual([`success: Removed the link to #${a.number}.`]);
      expect(await db.getRepository(TicketLink).countBy({ ticketId: a.id })).toBe(0);
      expect((await entries(a.id)).pop()).toMatchObject({ event: 'unlinked' });
      expect((await johnAgent.post(`/scp/tickets/${b.id}/links/99999999/delete`).type('form').send({ _csrf: token })).status).toBe(404);
    });
  });

  describe('canned responses and the signature', () => {
    let cannedId: number;
    let otherDeptCanned: number;
    beforeAll(async () => {
      const actor = { type: 'staff' as const, id: null, name: 'test', ip: null };
      const canned = t.app.get(CannedResponsesService);
      cannedId = (await canned.create(actor, { title: 'Greeting', body: 'Hello %{user.name}, about #%{ticket.number}: %{agent.name} ({{agent.name}})', departmentId: null, isActive: true })).id;
      otherDeptCanned = (await canned.create(actor, { title: 'Sales only', body: 'Buy more', departmentId: 2, isActive: true })).id;
      await db.getRepository(Staff).update({ id: john.id }, { signature: 'John Doe\nSupport team' });
    });

    it('renders a canned response for the ticket as JSON, and 404s one from another department', async () => {
      const ticket = await open('Canned JSON');
      const res = await johnAgent.get(`/scp/tickets/${ticket.id}/canned/${cannedId}`).expect(200);
      expect(res.body).toEqual({ id: cannedId, title: 'Greeting', body: `Hello Karen Kline, about #${ticket.number}: John Doe ({{agent.name}})` });
      expect((await johnAgent.get(`/scp/tickets/${ticket.id}/canned/${otherDeptCanned}`)).status).toBe(404);
      expect((await johnAgent.get(`/scp/tickets/${ticket.id}/canned/99999`)).status).toBe(404);
      const page = (await johnAgent.get(`/scp/tickets/${ticket.id}`)).text;
      expect(page).toContain(`<option value="${cannedId}">Greeting</option>`);
      expect(page).not.toContain('Sales only');
    });

    it('inserts without JavaScript: the page comes back with the text added to the draft, nothing posted', async () => {
      const ticket = await open('Canned insert');
      const before = await snapshot(ticket.id);
      const res = await postMultipart(johnAgent, ticket.id, 'reply/canned', { lastEntryId: await newestEntryId(db, ticket.id), message: 'Hi,', statusId: '', appendSignature: '1', cannedIds: '', cannedId: String(cannedId) });
      expect(res.status).toBe(200);
      expect(textarea(res.text, 'reply-message')).toBe(`Hi,\n\nHello Karen Kline, about #${ticket.number}: John Doe ({{agent.name}})`);
      expect(res.text).toContain(`name="cannedIds" value="${cannedId}"`);
      expect(await snapshot(ticket.id)).toEqual(before);
      const bad = await postMultipart(johnAgent, ticket.id, 'reply/canned', { message: 'Hi', cannedId: '' });
      expect(bad.status).toBe(422);
      expect(flashes(bad.text)).toContain('error: Choose a canned response to insert.');
      expect((await postMultipart(johnAgent, ticket.id, 'reply/canned', { message: 'Hi', cannedId: String(otherDeptCanned) })).status).toBe(404);
    });

    it('carries a canned response\'s files (added by an admin, audited) onto the reply it was inserted into', async () => {
      await newAgent('boss', 'Bo', 'Boss', 1).then((b) => db.getRepository(Staff).update({ id: b.id }, { isAdmin: true }));
      const boss = await loginAgent(t.http, 'boss', PASSWORD);
      const upload = async (files: { name: string; content: string }[]) => {
        const token = await formToken(boss, `/scp/admin/canned/${cannedId}`);
        let req = boss.post(`/scp/admin/canned/${cannedId}/files`).field('_csrf', token);
        for (const f of files) req = req.attach('attachments', Buffer.from(f.content), { filename: f.name, contentType: 'text/plain' });
        return req;
      };
      const none = await upload([]);
      expect(none.status).toBe(422);
      expect(none.text).toContain('<p class="field-error" id="canned-files-error">Choose a file to attach.</p>');
      expect(await db.getRepository(CannedResponseFile).countBy({ cannedResponseId: cannedId })).toBe(0);

      expect((await upload([{ name: 'steps.txt', content: 'step one' }])).status).toBe(303);
      const [file] = await db.getRepository(CannedResponseFile).findBy({ cannedResponseId: cannedId });
      expect(file).toMatchObject({ fileName: 'steps.txt', size: 8 });
      expect(await db.getRepository(AuditEvent).countBy({ action: 'canned.files_added', targetId: cannedId })).toBe(1);
      expect((await boss.get(`/scp/admin/canned/${cannedId}`)).text).toContain('steps.txt');

      const ticket = await open('Canned files');
      await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: await newestEntryId(db, ticket.id), message: 'See the steps.', statusId: '', cannedIds: `${cannedId},${otherDeptCanned}` });
      const reply = (await entries(ticket.id)).filter((e) => e.type === 'response').pop()!;
      const attached = await db.getRepository(Attachment).findBy({ threadEntryId: reply.id });
      expect(attached.map((a) => a.fileName)).toEqual(['steps.txt']);
      expect(attached[0].storedName).not.toBe(file.storedName);
      expect((await johnAgent.get(`/scp/attachments/${attached[0].id}`).expect(200)).text).toBe('step one');

      const token = await formToken(boss, `/scp/admin/canned/${cannedId}`);
      expect((await boss.post(`/scp/admin/canned/${cannedId}/files/${file.id}/delete`).type('form').send({ _csrf: token })).status).toBe(303);
      expect(await db.getRepository(CannedResponseFile).countBy({ cannedResponseId: cannedId })).toBe(0);
      expect(await db.getRepository(AuditEvent).countBy({ action: 'canned.file_removed', targetId: cannedId })).toBe(1);
      // The reply keeps its own copy.
      expect((await johnAgent.get(`/scp/attachments/${attached[0].id}`).expect(200)).text).toBe('step one');
      expect((await boss.post(`/scp/admin/canned/${cannedId}/files/${file.id}/delete`).type('form').send({ _csrf: token })).status).toBe(404);
    });

    it('appends the signature when the box is ticked (the default), and not otherwise', async () => {
      const ticket = await open('Signed reply');
      const page = (await johnAgent.get(`/scp/tickets/${ticket.id}`)).text;
      expect(page).toMatch(/<input type="checkbox" id="reply-signature" name="appendSignature" value="1" checked>/);
      await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: await newestEntryId(db, ticket.id), message: 'Fixed.', statusId: '', appendSignature: '1' });
      expect((await entries(ticket.id)).filter((e) => e.type === 'response').pop()!.body).toBe('Fixed.\n\nJohn Doe\nSupport team');
      await postMultipart(johnAgent, ticket.id, 'reply', { lastEntryId: await newestEntryId(db, ticket.id), message: 'Unsigned.', statusId: '' });
      expect((await entries(ticket.id)).filter((e) => e.type === 'response').pop()!.body).toBe('Unsigned.');
      const shown = (await johnAgent.get(`/scp/tickets/${ticket.id}`)).text;
      expect(shown).toContain('Fixed.<br><br>John Doe<br>Support team');
    });
  });

  describe('print view', () => {
    it('prints the thread without internal notes by default and with them on request', async () => {
      const ticket = await open('Print me');
      await postMultipart(johnAgent, ticket.id, 'note', { lastEntryId: await newestEntryId(db, ticket.id), message: 'Secret internal remark', statusId: '' });
      const plain = await johnAgent.get(`/scp/tickets/${ticket.id}/print`).expect(200);
      expect(plain.text).toContain('<h1>Print me</h1>');
      expect(plain.text).toContain('Message about Print me');
      expect(plain.text).not.toContain('Secret internal remark');
      expect(plain.text).toContain('/public/css/ticket-page.css');
      const withNotes = await johnAgent.get(`/scp/tickets/${ticket.id}/print?notes=1`).expect(200);
      expect(withNotes.text).toContain('Secret internal remark');
      expect((await johnAgent.get('/scp/tickets/99999999/print')).status).toBe(404);
    });
  });
});
