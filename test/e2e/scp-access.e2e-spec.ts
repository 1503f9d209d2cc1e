import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Attachment } from '../../src/attachments/attachment.entity';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const PASSWORD = 'agent-pass-1234';
/** The whole file runs under a base path, as osTicket installs often do, so every link and redirect is checked with it. */
const B = '/osTicket';
const FILE_CONTENT = 'gateway log: 503 at 09:14\n';

// jest-circus reads testTimeout from the global config only: the e2e project's own setting is ignored.

/**
 * Each ticket form as the page posts it, with input that is valid for a fresh open ticket in Support.
 * `assignee` is who the assign form picks (the agent themselves, when the ticket is not theirs yet).
 */
const ACTIONS: { action: string; fields: (assignee: Staff) => Record<string, string>; multipart?: boolean; success: string }[] = [
  { action: 'reply', fields: () => ({ message: 'We are on it.', statusId: '' }), multipart: true, success: 'Reply posted.' },
  { action: 'note', fields: () => ({ title: '', message: 'Internal remark.', statusId: '' }), multipart: true, success: 'Internal note added.' },
  { action: 'status', fields: () => ({ statusId: '2', comment: '' }), success: 'Status changed to In Progress.' },
  { action: 'priority', fields: () => ({ priorityId: '4' }), success: 'Priority set to Emergency.' },
  { action: 'topic', fields: () => ({ topicId: '2' }), success: 'Help topic updated.' },
  { action: 'sla', fields: () => ({ slaPlanId: '' }), success: 'SLA plan updated.' },
  { action: 'assign', fields: (assignee) => ({ staffId: String(assignee.id), comment: '' }), success: 'Assigned to' },
  { action: 'transfer', fields: () => ({ departmentId: '3', comment: '' }), success: 'Transferred to Maintenance.' },
];

const rowIds = (html: string) => [...html.matchAll(/<td class="col-number" data-label="Ticket"><a href="\/osTicket\/scp\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));
const navCounts = (html: string) =>
  Object.fromEntries([...html.matchAll(/>(Open|My Tickets|Closed) <span class="count">([^<]+)</g)].map((m) => [m[1], m[2]]));
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`staff control panel: department access (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;
  let tmpDir: string;
  const agents: Record<'alice' | 'bob' | 'tara' | 'dan' | 'vic', Staff> = {} as never;

  const newAgent = (username: string, firstName: string, departmentId: number, roleId = 1) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName, lastName: 'Tester', password: PASSWORD, departmentId, roleId });
  const actions = () => t.app.get(TicketActionsService);

  /** A Support ticket (topic General Inquiry) whose first message carries a file. */
  async function openWithFile(subject: string): Promise<{ ticket: Ticket; file: Attachment }> {
    const tempPath = path.join(tmpDir, `upload-${subject.replace(/\W+/g, '-')}`);
    fs.writeFileSync(tempPath, FILE_CONTENT);
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject, message: `About ${subject}`, source: 'web',
      uploads: [{ tempPath, originalName: 'gateway.log', mimeType: 'text/plain', size: FILE_CONTENT.length }],
    });
    const file = await db.getRepository(Attachment).findOneByOrFail({ ticketId: ticket.id });
    return { ticket, file };
  }

  const snapshot = async (ticketId: number) => ({
    ticket: await db.getRepository(Ticket).findOneByOrFail({ id: ticketId }),
    entries: await db.getRepository(ThreadEntry).countBy({ ticketId }),
    attachments: await db.getRepository(Attachment).countBy({ ticketId }),
  });
  const entryCount = (ticketId: number) => db.getRepository(ThreadEntry).countBy({ ticketId });

  async function post(agent: Agent, ticketId: number, action: (typeof ACTIONS)[number], assignee: Staff): Promise<request.Response> {
    const token = await formToken(agent, `${B}/scp/tickets`);
    const fields = { lastEntryId: await newestEntryId(db, ticketId), ...action.fields(assignee) };
    if (!action.multipart) return agent.post(`${B}/scp/tickets/${ticketId}/${action.action}`).type('form').send({ _csrf: token, ...fields });
    let req = agent.post(`${B}/scp/tickets/${ticketId}/${action.action}`).field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach('attachments', Buffer.from('extra file'), { filename: 'extra.txt', contentType: 'text/plain' });
  }

  // The tickets: one per way in, plus a closed one in Support.
  let byDepartment: { ticket: Ticket; file: Attachment };
  let byAssignment: { ticket: Ticket; file: Attachment };
  let byTeam: { ticket: Ticket; file: Attachment };
  let closed: Ticket;
  let allowed: [name: string, login: 'alice' | 'bob' | 'tara', target: () => { ticket: Ticket; file: Attachment }, assignee: () => Staff][];

  beforeAll(async () => {
    t = await createTestApp({ BASE_PATH: B, ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-scp-access-'));
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    admin = (await t.app.get(StaffService).scope(adminRow.id)) as AgentScope;

    agents.alice = await newAgent('alice', 'Alice', 1); // Support: the tickets' department
    agents.bob = await newAgent('bob', 'Bob', 2); // Sales, but a ticket is assigned to him
    agents.tara = await newAgent('tara', 'Tara', 2); // Sales, in the team a ticket is assigned to
    agents.dan = await newAgent('dan', 'Dan', 3); // Maintenance: no way in
    agents.vic = await newAgent('vic', 'Vic', 1, 4); // Support, View Only role
    await t.app.get(StaffService).addToTeam(agents.tara.id, 1);

    byDepartment = await openWithFile('Department ticket');
    byAssignment = await openWithFile('Assigned ticket');
    await actions().assign(admin, byAssignment.ticket.id, agents.bob.id, '');
    byTeam = await openWithFile('Team ticket');
    // No service assigns teams yet, so the team is set on the row directly.
    await db.getRepository(Ticket).update({ id: byTeam.ticket.id }, { teamId: 1 });
    closed = (await openWithFile('Closed ticket')).ticket;
    await actions().changeStatus(admin, closed.id, 5, '');

    allowed = [
      ['an agent of the ticket\'s department', 'alice', () => byDepartment, () => agents.alice],
      ['the agent it is assigned to', 'bob', () => byAssignment, () => agents.tara],
      ['a member of the team it is assigned to', 'tara', () => byTeam, () => agents.tara],
    ];
  });
  afterAll(async () => {
    await t?.close();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  describe('under the base path', () => {
    it('sends an anonymous visitor to the login page and, after login, back to the page they asked for', async () => {
      const { ticket } = byDepartment;
      const anon = request.agent(t.http);
      const bounced = await anon.get(`${B}/scp/tickets/${ticket.id}`);
      expect(bounced.status).toBe(303);
      expect(bounced.headers.location).toBe(`${B}/scp/login?next=${encodeURIComponent(`${B}/scp/tickets/${ticket.id}`)}`);
      const form = await anon.get(bounced.headers.location).expect(200);
      expect(form.text).toContain(`name="next" value="${B}/scp/tickets/${ticket.id}"`);
      expect(form.text).toContain(`action="${B}/scp/login"`);
      const login = await anon.post(`${B}/scp/login`).type('form').send({ _csrf: csrfFrom(form.text), username: 'alice', password: PASSWORD, next: `${B}/scp/tickets/${ticket.id}` });
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe(`${B}/scp/tickets/${ticket.id}`);
      const page = await anon.get(login.headers.location).expect(200);
      expect(page.text).toContain(`action="${B}/scp/tickets/${ticket.id}/reply"`);
      expect(page.text).toContain(`href="${B}/scp/tickets?queue&#x3D;mine"`);
      expect((await anon.get(`${B}/scp`)).headers.location).toBe(`${B}/scp/tickets`);

      // A path outside the base path is not "ours": login lands on the queue instead.
      const other = request.agent(t.http);
      const form2 = await other.get(`${B}/scp/login`).expect(200);
      const outside = await other.post(`${B}/scp/login`).type('form').send({ _csrf: csrfFrom(form2.text), username: 'alice', password: PASSWORD, next: '/scp/tickets' });
      expect(outside.headers.location).toBe(`${B}/scp/tickets`);

      const logout = await anon.post(`${B}/scp/logout`).type('form').send({ _csrf: csrfFrom(page.text) });
      expect(logout.status).toBe(303);
      expect(logout.headers.location).toBe(`${B}/scp/login`);
    });
  });

  describe('queues and counts', () => {
    it('list each ticket for the agents who may see it, with matching counts', async () => {
      const alice = await loginAgent(t.http, 'alice', PASSWORD, B);
      const aliceOpen = await alice.get(`${B}/scp/tickets`).expect(200);
      // Alice sees her department's tickets, including the ones assigned to others.
      expect(rowIds(aliceOpen.text)).toEqual([byTeam.ticket.id, byAssignment.ticket.id, byDepartment.ticket.id]);
      expect(navCounts(aliceOpen.text)).toEqual({ Open: '3', 'My Tickets': '0', Closed: '1' });
      expect(rowIds((await alice.get(`${B}/scp/tickets?queue=closed`).expect(200)).text)).toEqual([closed.id]);

      const bob = await loginAgent(t.http, 'bob', PASSWORD, B);
      const bobOpen = await bob.get(`${B}/scp/tickets`).expect(200);
      expect(rowIds(bobOpen.text)).toEqual([byAssignment.ticket.id]);
      expect(navCounts(bobOpen.text)).toEqual({ Open: '1', 'My Tickets': '1', Closed: '0' });
      expect(rowIds((await bob.get(`${B}/scp/tickets?queue=mine`).expect(200)).text)).toEqual([byAssignment.ticket.id]);

      const tara = await loginAgent(t.http, 'tara', PASSWORD, B);
      const taraOpen = await tara.get(`${B}/scp/tickets`).expect(200);
      expect(rowIds(taraOpen.text)).toEqual([byTeam.ticket.id]);
      expect(navCounts(taraOpen.text)).toEqual({ Open: '1', 'My Tickets': '0', Closed: '0' });
    });

    it('never show another department\'s tickets to the denied agent, in lists or counts', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      for (const queue of ['open', 'mine', 'closed']) {
        const res = await dan.get(`${B}/scp/tickets?queue=${queue}`).expect(200);
        expect(rowIds(res.text)).toEqual([]);
        expect(navCounts(res.text)).toEqual({ Open: '0', 'My Tickets': '0', Closed: '0' });
        for (const subject of ['Department ticket', 'Assigned ticket', 'Team ticket', 'Closed ticket']) expect(res.text).not.toContain(subject);
      }
    });
  });

  describe('queues, counts, search, export and bulk: every list path', () => {
    const csvNumbers = (text: string) => text.replace(/^\uFEFF/, '').split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]);
    const countOf = (html: string, name: string) => new RegExp(`>${name} <span class="count">([^<]+)<`).exec(html)?.[1];
    /** Every list path, with the query that finds the target ticket (`n`: its number, `w`: a word of its subject). */
    const LIST_PATHS: [string, (n: string, w: string) => string][] = [
      ['quick search by number', (n) => `/scp/search?q=${n}`],
      ['quick search by word', (_n, w) => `/scp/search?q=${w}`],
      ['advanced search', (_n, w) => `/scp/search?q=${w}&state=open&departmentId=1`],
    ];
    const EXPORT_PATHS: [string, (n: string) => string][] = [
      ['queue export', () => '/scp/export?queue=open'],
      ['search export', (n) => `/scp/export/search?q=${n}`],
    ];
    const wordOf = (subject: string) => subject.split(' ')[0].toLowerCase();
    let sharedQueueId: number;

    beforeAll(async () => {
      const adminAgent = await loginAgent(t.http, 'admin', 'admin-pass-123', B);
      const token = await formToken(adminAgent, `${B}/scp/tickets`);
      const res = await adminAgent.post(`${B}/scp/queues`).type('form').send({ _csrf: token, q: 'ticket', state: 'open', name: 'Every open ticket', sort: 'created:desc', isShared: '1' });
      expect(res.status).toBe(303);
      sharedQueueId = Number(/q(\d+)$/.exec(res.headers.location)![1]);
    });

    it.each([['department', 0, 'unassigned'], ['assignment', 1, 'mine'], ['team', 2, 'teams']] as const)('show the ticket to an agent allowed by %s, in its queues, counts, searches and exports', async (_way, i, queue) => {
      const [, login, target] = allowed[i];
      const { ticket } = target();
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      for (const key of ['open', queue, `q${sharedQueueId}`]) {
        const page = await agent.get(`${B}/scp/tickets?queue=${key}`).expect(200);
        expect([key, rowIds(page.text)]).toEqual([key, expect.arrayContaining([ticket.id])]);
      }
      const page = await agent.get(`${B}/scp/tickets`).expect(200);
      expect(Number(countOf(page.text, 'Open'))).toBeGreaterThanOrEqual(1);
      expect(countOf(page.text, 'Every open ticket')).toBe(String(rowIds((await agent.get(`${B}/scp/tickets?queue=q${sharedQueueId}`)).text).length));
      for (const [name, path] of LIST_PATHS) {
        const res = await agent.get(B + path(ticket.number, wordOf(ticket.subject))).expect(200);
        expect([name, rowIds(res.text)]).toEqual([name, expect.arrayContaining([ticket.id])]);
      }
      for (const [name, path] of EXPORT_PATHS) {
        const res = await agent.get(B + path(ticket.number)).expect(200);
        expect([name, csvNumbers(res.text)]).toEqual([name, expect.arrayContaining([ticket.number])]);
      }
    });

    it('show the denied agent none of them: empty lists, zero counts, empty exports, bulk refused with nothing written', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      for (const key of ['open', 'answered', 'mine', 'teams', 'unassigned', 'overdue', 'awaiting', 'closed', `q${sharedQueueId}`]) {
        const res = await dan.get(`${B}/scp/tickets?queue=${key}`).expect(200);
        expect([key, rowIds(res.text)]).toEqual([key, []]);
        for (const subject of ['Department ticket', 'Assigned ticket', 'Team ticket', 'Closed ticket']) expect(res.text).not.toContain(subject);
      }
      const page = await dan.get(`${B}/scp/tickets`).expect(200);
      for (const name of ['Open', 'Answered', 'My Tickets', 'My Teams', 'Unassigned', 'Overdue', 'Awaiting Response', 'Closed', 'Every open ticket']) {
        expect([name, countOf(page.text, name)]).toEqual([name, '0']);
      }
      for (const { ticket } of [byDepartment, byAssignment, byTeam]) {
        for (const [name, path] of LIST_PATHS) {
          const res = await dan.get(B + path(ticket.number, wordOf(ticket.subject))).expect(200);
          expect([name, rowIds(res.text)]).toEqual([name, []]);
          expect(res.text).not.toContain(ticket.subject);
        }
        for (const [name, path] of EXPORT_PATHS) {
          const res = await dan.get(B + path(ticket.number)).expect(200);
          expect([name, csvNumbers(res.text)]).toEqual([name, []]);
        }
        const before = await snapshot(ticket.id);
        const token = await formToken(dan, `${B}/scp/tickets`);
        const res = await dan.post(`${B}/scp/bulk`).type('form').send({ _csrf: token, ids: String(ticket.id), action: 'priority', priorityId: '1', returnTo: `${B}/scp/tickets` });
        expect(res.headers.location).toBe(`${B}/scp/tickets`);
        const after = await dan.get(res.headers.location).expect(200);
        expect(flashes(after.text)).toEqual(['error: 0 of 1 tickets changed.', `error: Ticket ${ticket.id}: We could not find that ticket.`]);
        expect(after.text).not.toContain(ticket.number);
        expect(await snapshot(ticket.id)).toEqual(before);
      }
    });

    it.each([['department', 0], ['assignment', 1], ['team', 2]] as const)('let an agent allowed by %s change the ticket in bulk', async (_way, i) => {
      const [, login, target] = allowed[i];
      const { ticket } = target();
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      const token = await formToken(agent, `${B}/scp/tickets`);
      const res = await agent.post(`${B}/scp/bulk`).type('form').send({ _csrf: token, ids: String(ticket.id), action: 'priority', priorityId: '3', returnTo: `${B}/scp/tickets?queue=open` });
      expect(res.headers.location).toBe(`${B}/scp/tickets?queue=open`);
      const after = await agent.get(res.headers.location).expect(200);
      expect(flashes(after.text)).toEqual(['success: 1 of 1 tickets changed.', `success: #${ticket.number}: Priority set to High.`]);
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).priorityId).toBe(3);
    });
  });

  describe('ticket page and attachment download', () => {
    it.each([['department', 0], ['assignment', 1], ['team', 2]] as const)('are open to an agent allowed by %s', async (_way, i) => {
      const [, login, target] = allowed[i];
      const { ticket, file } = target();
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      const page = await agent.get(`${B}/scp/tickets/${ticket.id}`).expect(200);
      expect(page.text).toContain(ticket.subject);
      expect(page.text).toContain(`href="${B}/scp/attachments/${file.id}"`);
      const download = await agent.get(`${B}/scp/attachments/${file.id}`).expect(200);
      expect(download.text).toBe(FILE_CONTENT);
      expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    });

    it('are 404 for the denied agent, the same as for a ticket that does not exist', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      const missing = await dan.get(`${B}/scp/tickets/99999999`);
      for (const { ticket, file } of [byDepartment, byAssignment, byTeam]) {
        const page = await dan.get(`${B}/scp/tickets/${ticket.id}`);
        expect(page.status).toBe(404);
        expect(page.text).not.toContain(ticket.subject);
        expect(page.text.replace(/name="_csrf" value="[^"]*"/, '')).toBe(missing.text.replace(/name="_csrf" value="[^"]*"/, ''));
        const download = await dan.get(`${B}/scp/attachments/${file.id}`);
        expect(download.status).toBe(404);
        expect(download.text).not.toContain(FILE_CONTENT.trim());
        expect(download.headers['content-disposition']).toBeUndefined();
      }
    });
  });

  describe('user directory and collaborators', () => {
    const subjects = ['Department ticket', 'Assigned ticket', 'Team ticket', 'Closed ticket'];
    const karenId = async () => (await db.getRepository(User).findOneByOrFail({ email: 'karen@example.com' })).id;
    const collaboratorRows = (ticketId: number) => db.getRepository(TicketCollaborator).countBy({ ticketId });

    it.each([
      ['alice', ['Department ticket', 'Assigned ticket', 'Team ticket', 'Closed ticket']],
      ['bob', ['Assigned ticket']],
      ['tara', ['Team ticket']],
      ['dan', []],
    ] as const)('the user page lists only the tickets %s may see', async (login, visible) => {
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      const page = await agent.get(`${B}/scp/users/${await karenId()}`).expect(200);
      expect(page.text).toContain('karen@example.com'); // the user record itself is open to every agent
      for (const subject of subjects) expect([subject, page.text.includes(subject)]).toEqual([subject, (visible as readonly string[]).includes(subject)]);
    });

    it('the lookup answers contact details only, to an agent of any department', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      const res = await dan.get(`${B}/scp/users/lookup?q=karen`).expect(200);
      expect(res.body.users).toEqual([{ id: await karenId(), name: 'Karen Kline', email: 'karen@example.com', phone: null }]);
      for (const subject of subjects) expect(res.text).not.toContain(subject);
    });

    it('collaborator add and remove: 404 for the denied agent, with nothing written', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      for (const { ticket } of [byDepartment, byAssignment, byTeam]) {
        const before = await snapshot(ticket.id);
        const token = await formToken(dan, `${B}/scp/tickets`);
        const add = await dan.post(`${B}/scp/tickets/${ticket.id}/collaborators`).type('form').send({ _csrf: token, email: 'cc-dan@example.com', name: 'CC Dan' });
        expect(add.status).toBe(404);
        expect(add.text).not.toContain(ticket.subject);
        const remove = await dan.post(`${B}/scp/tickets/${ticket.id}/collaborators/${await karenId()}/remove`).type('form').send({ _csrf: token });
        expect(remove.status).toBe(404);
        expect(await snapshot(ticket.id)).toEqual(before);
        expect(await collaboratorRows(ticket.id)).toBe(0);
      }
      expect(await db.getRepository(User).findOneBy({ email: 'cc-dan@example.com' })).toBeNull();
    });

    it.each([['department', 0], ['assignment', 1], ['team', 2]] as const)('collaborator add and remove work for an agent allowed by %s', async (_way, i) => {
      const [, login, target] = allowed[i];
      const { ticket } = target();
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      const token = await formToken(agent, `${B}/scp/tickets`);
      const add = await agent.post(`${B}/scp/tickets/${ticket.id}/collaborators`).type('form').send({ _csrf: token, email: `cc-${login}@example.com`, name: `CC ${login}` });
      expect([add.status, add.headers.location]).toEqual([303, `${B}/scp/tickets/${ticket.id}`]);
      expect(await collaboratorRows(ticket.id)).toBe(1);
      const cc = await db.getRepository(User).findOneByOrFail({ email: `cc-${login}@example.com` });
      const remove = await agent.post(`${B}/scp/tickets/${ticket.id}/collaborators/${cc.id}/remove`).type('form').send({ _csrf: token });
      expect([remove.status, remove.headers.location]).toEqual([303, `${B}/scp/tickets/${ticket.id}`]);
      expect(await collaboratorRows(ticket.id)).toBe(0);
    });

    it('collaborator add is refused to a "View Only" agent of the department, with nothing written', async () => {
      const vic = await loginAgent(t.http, 'vic', PASSWORD, B);
      const { ticket } = byDepartment;
      const before = await snapshot(ticket.id);
      const token = await formToken(vic, `${B}/scp/tickets`);
      const res = await vic.post(`${B}/scp/tickets/${ticket.id}/collaborators`).type('form').send({ _csrf: token, email: 'cc-vic@example.com', name: 'CC Vic' });
      expect([res.status, res.headers.location]).toEqual([303, `${B}/scp/tickets/${ticket.id}`]);
      expect(flashes((await vic.get(`${B}/scp/tickets/${ticket.id}`).expect(200)).text)).toEqual(['error: Your role does not allow you to edit this ticket.']);
      expect(await snapshot(ticket.id)).toEqual(before);
      expect(await collaboratorRows(ticket.id)).toBe(0);
    });

    const newTicket = (departmentId: number, subject: string) => ({
      email: 'walkin@example.org', name: 'Walt Walkin', phone: '', source: 'phone', topicId: '1', departmentId: String(departmentId),
      priorityId: '', slaPlanId: '', staffId: '', subject, message: 'At the desk.', responseKind: 'none', response: '',
    });

    it.each([
      ['alice', 1, 3, 'Support'],
      ['dan', 3, 1, 'Maintenance'],
    ] as const)('new ticket: %s may choose only their own department', async (login, own, other, listed) => {
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      const form = await agent.get(`${B}/scp/tickets/new`).expect(200);
      const select = /<select id="nt-department"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)![1];
      expect([...select.matchAll(/<option value="\d+"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual([listed]);
      const token = csrfFrom(form.text);
      const before = await db.getRepository(Ticket).count();
      const denied = await agent.post(`${B}/scp/tickets/new`).type('form').send({ _csrf: token, ...newTicket(other, `Denied ${login}`) });
      expect(denied.status).toBe(422);
      expect(await db.getRepository(Ticket).count()).toBe(before);
      const ok = await agent.post(`${B}/scp/tickets/new`).type('form').send({ _csrf: token, ...newTicket(own, `Allowed ${login}`) });
      expect(ok.status).toBe(303);
      const opened = await db.getRepository(Ticket).findOneByOrFail({ subject: `Allowed ${login}` });
      expect(ok.headers.location).toBe(`${B}/scp/tickets/${opened.id}`);
      expect(opened.departmentId).toBe(own);
    });

    it('new ticket: refused (403) to a "View Only" agent, with nothing written', async () => {
      const vic = await loginAgent(t.http, 'vic', PASSWORD, B);
      expect((await vic.get(`${B}/scp/tickets/new`)).status).toBe(403);
      const before = await db.getRepository(Ticket).count();
      const token = await formToken(vic, `${B}/scp/tickets`);
      expect((await vic.post(`${B}/scp/tickets/new`).type('form').send({ _csrf: token, ...newTicket(1, 'Viewer') })).status).toBe(403);
      expect(await db.getRepository(Ticket).count()).toBe(before);
    });
  });

  describe('ticket actions', () => {
    it.each(ACTIONS.map((a) => [a.action, a] as const))('%s: 404 for the denied agent, with nothing written', async (_name, action) => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      for (const { ticket } of [byDepartment, byAssignment, byTeam]) {
        const before = await snapshot(ticket.id);
        const res = await post(dan, ticket.id, action, agents.dan);
        expect(res.status).toBe(404);
        expect(res.text).not.toContain(ticket.subject);
        expect(await snapshot(ticket.id)).toEqual(before);
      }
    });

    it.each([['department', 0], ['assignment', 1], ['team', 2]] as const)('every action works for an agent allowed by %s', async (_way, i) => {
      const [, login, target, assignee] = allowed[i];
      const { ticket } = target();
      const agent = await loginAgent(t.http, login, PASSWORD, B);
      // CASE: the last two steps may take the ticket out of the agent's reach (a transfer out of their
      // department, an assignment away from them), so they run in the order that keeps it visible until the end.
      const lastTwo = assignee().id === agents[login].id ? ['assign', 'transfer'] : ['transfer', 'assign'];
      const order = [...ACTIONS.filter((a) => !lastTwo.includes(a.action)), ...lastTwo.map((name) => ACTIONS.find((a) => a.action === name)!)];
      for (const action of order) {
        const before = await entryCount(ticket.id);
        const res = await post(agent, ticket.id, action, assignee());
        // Back to the ticket, or to the queue exactly when the step took it out of the agent's reach.
        const back = `${B}/scp/tickets/${ticket.id}`;
        expect([action.action, res.status, [back, `${B}/scp/tickets`]]).toEqual([action.action, 303, expect.arrayContaining([res.headers.location])]);
        expect(await entryCount(ticket.id)).toBeGreaterThan(before);
        const page = await agent.get(res.headers.location);
        const gone = res.headers.location !== back;
        expect(flashes(page.text)).toEqual([expect.stringContaining(`success: ${action.success}`), ...(gone ? ['info: You no longer have access to that ticket.'] : [])]);
        expect([action.action, (await agent.get(back)).status]).toEqual([action.action, gone ? 404 : 200]);
      }
      const row = await db.getRepository(Ticket).findOneByOrFail({ id: ticket.id });
      expect(row).toMatchObject({ statusId: 2, priorityId: 4, helpTopicId: 2, slaPlanId: null, staffId: assignee().id, departmentId: 3, isAnswered: true });
    });
  });

  describe('secondary paths: print, merge, link, unlink, lock, canned insert, team, release', () => {
    /** Each as the page sends it; `other` is a second ticket the denied agent cannot see either. */
    const paths = (ticket: Ticket, other: Ticket): { name: string; method: 'get' | 'post'; path: string; fields?: Record<string, string> }[] => [
      { name: 'print', method: 'get', path: `/scp/tickets/${ticket.id}/print?notes=1` },
      { name: 'canned (JSON)', method: 'get', path: `/scp/tickets/${ticket.id}/canned/1` },
      { name: 'canned insert', method: 'post', path: `/scp/tickets/${ticket.id}/reply/canned`, fields: { cannedId: '1', message: 'x' } },
      { name: 'merge', method: 'post', path: `/scp/tickets/${ticket.id}/merge`, fields: { tickets: other.number } },
      { name: 'link', method: 'post', path: `/scp/tickets/${ticket.id}/link`, fields: { number: other.number, reason: '' } },
      { name: 'unlink', method: 'post', path: `/scp/tickets/${ticket.id}/links/${other.id}/delete`, fields: {} },
      { name: 'lock', method: 'post', path: `/scp/tickets/${ticket.id}/lock` },
      { name: 'lock release', method: 'post', path: `/scp/tickets/${ticket.id}/lock/release` },
      { name: 'team', method: 'post', path: `/scp/tickets/${ticket.id}/team`, fields: { teamId: '1', comment: '' } },
      { name: 'release', method: 'post', path: `/scp/tickets/${ticket.id}/release`, fields: { target: 'both', comment: '' } },
    ];

    // Fresh tickets: the action tests above move theirs into Dan's department.
    let mine: [login: 'alice' | 'bob' | 'tara', ticket: Ticket][];
    beforeAll(async () => {
      const dept = (await openWithFile('Secondary department ticket')).ticket;
      const assigned = (await openWithFile('Secondary assigned ticket')).ticket;
      await actions().assign(admin, assigned.id, agents.bob.id, '');
      const team = (await openWithFile('Secondary team ticket')).ticket;
      await db.getRepository(Ticket).update({ id: team.id }, { teamId: 1 });
      mine = [['alice', dept], ['bob', assigned], ['tara', team]];
    });

    it('are 404 for the denied agent on every way in, with nothing written', async () => {
      const dan = await loginAgent(t.http, 'dan', PASSWORD, B);
      const token = await formToken(dan, `${B}/scp/tickets`);
      for (const [, ticket] of mine) {
        const before = await snapshot(ticket.id);
        const other = mine.find(([, x]) => x.id !== ticket.id)![1];
        for (const p of paths(ticket, other)) {
          const res = p.method === 'get'
            ? await dan.get(`${B}${p.path}`)
            : await dan.post(`${B}${p.path}`).set('X-CSRF-Token', token).type('form').send({ lastEntryId: await newestEntryId(db, ticket.id), ...p.fields });
          expect([p.name, res.status]).toEqual([p.name, 404]);
          expect(res.text).not.toContain(ticket.subject);
        }
        expect(await snapshot(ticket.id)).toEqual(before);
      }
    });

    it('print and the lock are open to an agent allowed by department, assignment or team', async () => {
      for (const [login, ticket] of mine) {
        const agent = await loginAgent(t.http, login, PASSWORD, B);
        const print = await agent.get(`${B}/scp/tickets/${ticket.id}/print`);
        expect([login, print.status]).toEqual([login, 200]);
        expect(print.text).toContain(ticket.subject);
        const token = await formToken(agent, `${B}/scp/tickets`);
        const lock = await agent.post(`${B}/scp/tickets/${ticket.id}/lock`).set('X-CSRF-Token', token);
        expect([login, lock.status, lock.body.held]).toEqual([login, 200, true]);
      }
    });
  });

  describe('a "View Only" agent in the ticket\'s department', () => {
    it('sees the ticket, but replying, assigning, closing, transferring and editing are refused with nothing written', async () => {
      const { ticket, file } = await openWithFile('View only ticket');
      const vic = await loginAgent(t.http, 'vic', PASSWORD, B);
      const page = await vic.get(`${B}/scp/tickets/${ticket.id}`).expect(200);
      expect(page.text).toContain('View only ticket');
      await vic.get(`${B}/scp/attachments/${file.id}`).expect(200);

      const refusals: [string, Record<string, string>, string][] = [
        ['reply', { message: 'Trying to reply', statusId: '' }, 'Your role does not allow you to reply to this ticket.'],
        ['assign', { staffId: String(agents.vic.id), comment: '' }, 'Your role does not allow you to assign this ticket.'],
        ['status', { statusId: '4', comment: 'Trying to close' }, 'Your role does not allow you to close this ticket.'],
        ['transfer', { departmentId: '2', comment: '' }, 'Your role does not allow you to transfer this ticket.'],
        ['priority', { priorityId: '4' }, 'Your role does not allow you to edit this ticket.'],
      ];
      for (const [action, fields, message] of refusals) {
        const before = await snapshot(ticket.id);
        const token = await formToken(vic, `${B}/scp/tickets`);
        const res = await vic.post(`${B}/scp/tickets/${ticket.id}/${action}`).type('form').send({ _csrf: token, ...fields });
        expect([action, res.status, res.headers.location]).toEqual([action, 303, `${B}/scp/tickets/${ticket.id}`]);
        const after = await vic.get(`${B}/scp/tickets/${ticket.id}`).expect(200);
        expect(flashes(after.text)).toEqual([`error: ${message}`]);
        expect(await snapshot(ticket.id)).toEqual(before);
      }
    });
  });
});
