import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '../../src/app.setup';
import { Attachment } from '../../src/attachments/attachment.entity';
import { LOGIN_NOTICE } from '../../src/scp/scp.presenter';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;
interface FilePart { name: string; content: Buffer; type: string }

const PASSWORD = 'agent-pass-1234';

// jest-circus reads testTimeout from the global config only: the e2e project's own setting is ignored.

const sessionCookie = (res: request.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.split(';')[0];

/** Ticket ids of a queue page's rows, in page order. */
const rowIds = (html: string) => [...html.matchAll(/<td class="col-number" data-label="Ticket"><a href="\/scp\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));

/** The queue nav's count labels: { Open: '2', 'My Tickets': '1', Closed: '0' }. */
const navCounts = (html: string) =>
  Object.fromEntries([...html.matchAll(/>(Open|My Tickets|Closed) <span class="count">([^<]+)</g)].map((m) => [m[1], m[2]]));

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe(`staff control panel (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;
  let john: Staff;
  let jane: Staff;
  let mia: Staff;
  let sam: Staff;

  const newAgent = (username: string, firstName: string, lastName: string, departmentId: number, roleId = 1) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName, lastName, password: PASSWORD, departmentId, roleId });
  const open = (subject: string, email = 'karen@example.com') =>
    t.app.get(TicketIntakeService).open({ email, name: 'Karen Kline', phone: null, topicId: 1, subject, message: `Message about ${subject}`, source: 'web', uploads: [] });
  const actions = () => t.app.get(TicketActionsService);
  const ticketRow = (id: number) => db.getRepository(Ticket).findOneByOrFail({ id });
  const newestEntries = async (ticketId: number, n: number) =>
    (await db.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'DESC' }, take: n })).reverse();

  /** Everything an action could write, to show a refused one wrote nothing. */
  const snapshot = async (ticketId: number) => {
    const { version, statusId, state, staffId, departmentId, priorityId, helpTopicId, slaPlanId, isAnswered, closedAt } = await ticketRow(ticketId);
    return {
      version, statusId, state, staffId, departmentId, priorityId, helpTopicId, slaPlanId, isAnswered, closedAt,
      entries: await db.getRepository(ThreadEntry).countBy({ ticketId }),
      attachments: await db.getRepository(Attachment).countBy({ ticketId }),
      files: fs.existsSync(t.config.attachments.dir) ? fs.readdirSync(t.config.attachments.dir).length : 0,
    };
  };

  async function postForm(agent: Agent, ticketId: number | string, action: string, fields: Record<string, string>): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(`/scp/tickets/${ticketId}/${action}`).type('form').send({ _csrf: token, lastEntryId: await newestEntryId(ticketId), ...fields });
  }

  /** What the ticket page's forms carry as lastEntryId: the newest entry on screen (collision guard). */
  async function newestEntryId(ticketId: number | string): Promise<string> {
    if (typeof ticketId !== 'number') return '1';
    const [newest] = await db.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'DESC' }, take: 1 });
    return String(newest?.id ?? 0);
  }

  async function postMultipart(agent: Agent, ticketId: number, action: string, fields: Record<string, string>, files: FilePart[] = []): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    let req = agent.post(`/scp/tickets/${ticketId}/${action}`).field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    for (const f of files) req = req.attach('attachments', f.content, { filename: f.name, contentType: f.type });
    return req;
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    const scope = await t.app.get(StaffService).scope(adminRow.id);
    if (!scope) throw new Error('the first admin has no scope');
    admin = scope;
    john = await newAgent('john', 'John', 'Doe', 1);
    jane = await newAgent('jane', 'Jane', 'Roe', 1, 2);
    mia = await newAgent('mia', 'Mia', 'Moss', 3);
    sam = await newAgent('sam', 'Sam', 'Stone', 2);
  });
  afterAll(() => t?.close());

  describe('login and logout', () => {
    it('logs in by username with a new session id, and lands on the queue', async () => {
      const agent = request.agent(t.http);
      const form = await agent.get('/scp/login').expect(200);
      expect(form.text).toContain('name="username"');
      const res = await agent.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'john', password: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/tickets');
      expect(sessionCookie(form)).toBeDefined();
      expect(sessionCookie(res)).toBeDefined();
      expect(sessionCookie(res)).not.toBe(sessionCookie(form));
      const queue = await agent.get('/scp/tickets').expect(200);
      expect(queue.text).toContain('Signed in as <strong>John Doe</strong>');
    });

    it('logs in by email (any case) and returns to a `next` inside /scp only', async () => {
      const agent = request.agent(t.http);
      const form = await agent.get('/scp/login?next=%2Fscp%2Ftickets%3Fqueue%3Dmine').expect(200);
      expect(form.text).toContain('name="next" value="/scp/tickets?queue&#x3D;mine"');
      const res = await agent.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'JOHN@example.com', password: PASSWORD, next: '/scp/tickets?queue=mine' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/tickets?queue=mine');

      const other = request.agent(t.http);
      const evil = await other.get('/scp/login?next=https%3A%2F%2Fevil.example%2Fscp').expect(200);
      expect(evil.text).toContain('name="next" value=""');
      const res2 = await other.post('/scp/login').type('form').send({ _csrf: csrfFrom(evil.text), username: 'john', password: PASSWORD, next: '//evil.example/scp' });
      expect(res2.status).toBe(303);
      expect(res2.headers.location).toBe('/scp/tickets');
    });

    it('answers a wrong password and an unknown user with the same 401 page, keeping the username only', async () => {
      const attempt = async (username: string, password: string) => {
        const agent = request.agent(t.http);
        const form = await agent.get('/scp/login');
        const res = await agent.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username, password });
        const tickets = await agent.get('/scp/tickets');
        expect([302, 303]).toContain(tickets.status); // still nobody signed in
        return res;
      };
      const wrong = await attempt('jane', 'not-her-password');
      const unknown = await attempt('nobody', 'whatever-password');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.text).toContain(LOGIN_NOTICE);
        expect(res.text).toMatch(/<input id="login-password" name="password" type="password" autocomplete="current-password" required>/);
      }
      expect(wrong.text).toContain('value="jane"');
      expect(unknown.text).toContain('value="nobody"');
      expect(wrong.text).not.toContain('not-her-password');
      expect(unknown.text).not.toContain('whatever-password');
      const notice = (html: string) => /<p class="flash flash-error" role="alert">[^<]*<\/p>/.exec(html)?.[0];
      expect(notice(wrong.text)).toBe(notice(unknown.text));
    });

    it('logs out on POST and ends the session', async () => {
      const agent = await loginAgent(t.http, 'john', PASSWORD);
      const token = await formToken(agent, '/scp/tickets');
      const res = await agent.post('/scp/logout').type('form').send({ _csrf: token });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/login');
      const after = await agent.get('/scp/tickets');
      expect(after.status).toBe(303);
      expect(after.headers.location).toBe('/scp/login?next=%2Fscp%2Ftickets');
    });

    it('sends anonymous visitors to the login page, remembering where they were going', async () => {
      const anon = request.agent(t.http);
      expect((await anon.get('/scp')).headers.location).toBe('/scp/tickets');
      for (const p of ['/scp/tickets', '/scp/tickets?queue=closed', '/scp/tickets/1', '/scp/tickets/abc', '/scp/attachments/1']) {
        const res = await anon.get(p);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`/scp/login?next=${encodeURIComponent(p)}`);
      }
      const ticket = await open('Anonymous post target');
      const before = await snapshot(ticket.id);
      const token = await formToken(anon, '/scp/login');
      const res = await anon.post(`/scp/tickets/${ticket.id}/note`).type('form').send({ _csrf: token, message: 'sneaky' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/login');
      expect(await snapshot(ticket.id)).toEqual(before);
    });
  });

  describe('queues', () => {
    let agent: Agent;
    beforeAll(async () => {
      agent = await loginAgent(t.http, 'mia', PASSWORD);
    });

    it('says so when a queue is empty', async () => {
      const openPage = await agent.get('/scp/tickets').expect(200);
      expect(openPage.text).toContain('No open tickets. Nice work.');
      expect(navCounts(openPage.text)).toEqual({ Open: '0', 'My Tickets': '0', Closed: '0' });
      expect((await agent.get('/scp/tickets?queue=mine').expect(200)).text).toContain('Nothing is assigned to you.');
      expect((await agent.get('/scp/tickets?queue=closed').expect(200)).text).toContain('No closed tickets yet.');
    });

    it('lists open, mine and closed tickets of the agent\'s department, with the counts', async () => {
      const inDept = async (subject: string) => {
        const ticket = await open(subject);
        await actions().transfer(admin, ticket.id, 3, '');
        return ticket;
      };
      const q1 = await inDept('Boiler is noisy');
      const q2 = await inDept('Door does not close');
      await actions().assign(admin, q2.id, mia.id, '');
      const q3 = await inDept('Light bulb replaced');
      await actions().changeStatus(admin, q3.id, 4, '');
      const other = await open('Support only');

      const openPage = await agent.get('/scp/tickets?queue=open').expect(200);
      expect(rowIds(openPage.text)).toEqual([q2.id, q1.id]);
      expect(openPage.text).toContain('Boiler is noisy');
      expect(openPage.text).toContain('Mia Moss');
      expect(openPage.text).not.toContain(other.number);
      expect(navCounts(openPage.text)).toEqual({ Open: '2', 'My Tickets': '1', Closed: '1' });
      expect(openPage.text).toMatch(/<a href="\/scp\/tickets\?queue&#x3D;open" aria-current="page">Open/);

      expect(rowIds((await agent.get('/scp/tickets?queue=mine').expect(200)).text)).toEqual([q2.id]);
      expect(rowIds((await agent.get('/scp/tickets?queue=closed').expect(200)).text)).toEqual([q3.id]);
      expect(rowIds((await agent.get('/scp/tickets').expect(200)).text)).toEqual([q2.id, q1.id]);
    });

    it('answers an unknown queue or a bad cursor with 404', async () => {
      for (const q of ['queue=everything', 'queue=open&before=abc', 'queue=open&before=-1', 'queue=open&before=1e3', 'queue=open&queue=closed']) {
        const res = await agent.get(`/scp/tickets?${q}`);
        expect(res.status).toBe(404);
        expect(res.text).toContain('class="area-scp"');
      }
    });

    it('pages through 30 tickets 25 at a time, newest first, without overlap', async () => {
      const ids: number[] = [];
      for (let i = 1; i <= 30; i++) {
        const ticket = await open(`Paged ticket ${i}`);
        await actions().assign(admin, ticket.id, sam.id, '');
        ids.push(ticket.id);
      }
      const pager = await loginAgent(t.http, 'sam', PASSWORD);
      const first = await pager.get('/scp/tickets?queue=mine').expect(200);
      const page1 = rowIds(first.text);
      expect(page1).toHaveLength(25);
      expect(page1).toEqual([...ids].reverse().slice(0, 25));
      expect(first.text).not.toContain('« Newest');
      const older = /<a class="button button-secondary" href="([^"]+)" rel="next">/.exec(first.text)?.[1];
      expect(older && unescape(older)).toBe(`/scp/tickets?queue=mine&before=${page1[24]}`);

      const second = await pager.get(unescape(older ?? '')).expect(200);
      const page2 = rowIds(second.text);
      expect(page2).toEqual([...ids].reverse().slice(25));
      expect(page2.filter((id) => page1.includes(id))).toEqual([]);
      expect(second.text).not.toContain('rel="next"');
      expect(second.text).toContain('href="/scp/tickets?queue&#x3D;mine">« Newest');
      expect(navCounts(second.text)['My Tickets']).toBe('30');
    });
  });

  describe('ticket page', () => {
    it('shows the whole thread oldest first: message, reply, internal note and events', async () => {
      const ticket = await open('Mobile banking is down');
      const johnScope = (await t.app.get(StaffService).scope(john.id)) as AgentScope;
      await actions().reply(johnScope, ticket.id, { message: 'We are looking into it.', statusId: null, uploads: [] });
      await actions().note(johnScope, ticket.id, { title: 'Triage', message: 'Looks like the API gateway.', statusId: null, uploads: [] });
      await actions().assign(johnScope, ticket.id, jane.id, '');

      const agent = await loginAgent(t.http, 'john', PASSWORD);
      const res = await agent.get(`/scp/tickets/${ticket.id}`).expect(200);
      const order = ['Message about Mobile banking is down', 'Karen Kline opened the ticket via the web portal', 'Staff reply', 'We are looking into it.',
        'Internal note', 'Triage', 'Looks like the API gateway.', 'John Doe assigned the ticket to Jane Roe'];
      const positions = order.map((text) => res.text.indexOf(text));
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(res.text).toContain(`Ticket #${ticket.number}`);
      expect(res.text).toContain(`action="/scp/tickets/${ticket.id}/reply"`);
      const last = (await newestEntries(ticket.id, 1))[0];
      expect(res.text).toContain(`name="lastEntryId" value="${last.id}"`);
      expect(res.text).toMatch(/<option value="1" selected>Open<\/option>/);
      expect(res.text).toMatch(new RegExp(`<option value="${jane.id}" selected>Jane Roe</option>`));
      expect(navCounts(res.text).Open).toBeDefined();
    });

    it('answers an unknown or malformed ticket id with 404', async () => {
      const agent = await loginAgent(t.http, 'john', PASSWORD);
      for (const p of ['/scp/tickets/99999999', '/scp/tickets/abc', '/scp/tickets/1e3', '/scp/tickets/0', '/scp/attachments/99999999', '/scp/attachments/x']) {
        const res = await agent.get(p);
        expect(res.status).toBe(404);
        expect(res.text).toContain('class="area-scp"');
      }
    });
  });

  describe('ticket actions', () => {
    let agent: Agent;
    let ticket: Ticket;
    const steps = { name: 'steps to reproduce.txt', content: Buffer.from('1. open the app\n2. see the error\n'), type: 'text/plain' };

    beforeAll(async () => {
      agent = await loginAgent(t.http, 'john', PASSWORD);
      ticket = await open('Cannot print invoices');
    });

    const page = async () => (await agent.get(`/scp/tickets/${ticket.id}`).expect(200)).text;
    const expectBack = (res: request.Response) => {
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/scp/tickets/${ticket.id}`);
    };

    it('reply: posts the response with its file, answers the ticket and stamps the first response', async () => {
      const res = await postMultipart(agent, ticket.id, 'reply', { lastEntryId: await newestEntryId(ticket.id), message: 'Please restart the printer.', statusId: '' }, [steps]);
      expectBack(res);
      const row = await ticketRow(ticket.id);
      expect(row.isAnswered).toBe(true);
      expect(row.firstResponseAt).not.toBeNull();
      expect(row.lastResponseAt).not.toBeNull();
      expect(row.statusId).toBe(1);
      const [entry] = await newestEntries(ticket.id, 1);
      expect(entry).toMatchObject({ type: 'response', staffId: john.id, posterName: 'John Doe', body: 'Please restart the printer.' });
      const [file] = await db.getRepository(Attachment).findBy({ threadEntryId: entry.id });
      expect(file).toMatchObject({ ticketId: ticket.id, fileName: steps.name, mimeType: 'text/plain', size: steps.content.length });
      expect(fs.readFileSync(path.join(t.config.attachments.dir, file.storedName))).toEqual(steps.content);

      const html = await page();
      expect(flashes(html)).toEqual(['success: Reply posted.']);
      expect(html).toContain(`href="/scp/attachments/${file.id}"`);
      expect(html).toContain('33 bytes');
    });

    it('downloads the file as a sandboxed attachment', async () => {
      const [file] = await db.getRepository(Attachment).findBy({ ticketId: ticket.id });
      const res = await agent.get(`/scp/attachments/${file.id}`).expect(200);
      expect(res.text).toBe(steps.content.toString());
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="steps to reproduce.txt"; filename*=UTF-8''steps%20to%20reproduce.txt`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(res.headers['cache-control']).toBe('private, no-store');
    });

    it('reply: may change the status in the same step, leaving the first response time alone', async () => {
      const { firstResponseAt } = await ticketRow(ticket.id);
      expectBack(await postMultipart(agent, ticket.id, 'reply', { message: 'Working on it.', statusId: '2' }));
      const row = await ticketRow(ticket.id);
      expect(row).toMatchObject({ statusId: 2, state: 'open', isAnswered: true });
      expect(row.firstResponseAt).toEqual(firstResponseAt);
      const [response, event] = await newestEntries(ticket.id, 2);
      expect(response).toMatchObject({ type: 'response', body: 'Working on it.' });
      expect(event).toMatchObject({ type: 'event', event: 'status_changed', staffId: john.id, body: 'John Doe changed the status from Open to In Progress' });
    });

    it('reply: bad input re-renders with 422, the message and the typed values, and writes nothing', async () => {
      const before = await snapshot(ticket.id);
      const empty = await postMultipart(agent, ticket.id, 'reply', { message: '   ', statusId: '3' }, [steps]);
      expect(empty.status).toBe(422);
      expect(empty.text).toContain('<p class="field-error" id="reply-message-error">Enter a reply.</p>');
      expect(empty.text).toMatch(/<select id="reply-status"[^>]*>[\s\S]*?<option value="3" selected>Awaiting Response<\/option>/);

      const unknownStatus = await postMultipart(agent, ticket.id, 'reply', { message: 'Keep this text', statusId: '99' }, [steps]);
      expect(unknownStatus.status).toBe(422);
      expect(unknownStatus.text).toContain('<p class="field-error" id="reply-status-error">Choose a status from the list.</p>');
      expect(unknownStatus.text).toContain('Keep this text</textarea>');

      const tooMany = await postMultipart(agent, ticket.id, 'reply', { message: 'Six files', statusId: '' }, Array.from({ length: 6 }, (_, i) => ({ ...steps, name: `f${i}.txt` })));
      expect(tooMany.status).toBe(422);
      expect(tooMany.text).toContain('<p class="field-error" id="reply-attachments-error">At most 5 attachments.</p>');
      expect(tooMany.text).toContain('Six files</textarea>');
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('note: adds an internal note without answering the ticket', async () => {
      await db.getRepository(Ticket).update({ id: ticket.id }, { isAnswered: false });
      expectBack(await postMultipart(agent, ticket.id, 'note', { title: 'Printer model', message: 'HP LaserJet 4000.', statusId: '' }));
      const [entry] = await newestEntries(ticket.id, 1);
      expect(entry).toMatchObject({ type: 'note', title: 'Printer model', body: 'HP LaserJet 4000.', staffId: john.id, posterName: 'John Doe' });
      expect((await ticketRow(ticket.id)).isAnswered).toBe(false);
      const html = await page();
      expect(flashes(html)).toEqual(['success: Internal note added.']);
      expect(html).toContain('Internal note');
    });

    it('note: an empty note is refused with 422, keeping the title', async () => {
      const before = await snapshot(ticket.id);
      const res = await postMultipart(agent, ticket.id, 'note', { title: 'My title', message: '', statusId: '' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('<p class="field-error" id="note-message-error">Enter the note.</p>');
      expect(res.text).toContain('value="My title"');
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('status: Resolved with a comment closes the ticket and writes the resolution note', async () => {
      expectBack(await postForm(agent, ticket.id, 'status', { statusId: '4', comment: 'Replaced the toner.' }));
      const row = await ticketRow(ticket.id);
      expect(row).toMatchObject({ statusId: 4, state: 'closed' });
      expect(row.closedAt).not.toBeNull();
      const [event, note] = await newestEntries(ticket.id, 2);
      expect(event).toMatchObject({ type: 'event', event: 'closed', staffId: john.id, posterName: 'John Doe', body: 'John Doe closed the ticket as Resolved' });
      expect(note).toMatchObject({ type: 'note', title: 'Resolution note', body: 'Replaced the toner.', staffId: john.id });
      expect(flashes(await page())).toEqual(['success: Status changed to Resolved.']);
    });

    it('assign: refused on a closed ticket, back to the ticket with the reason and nothing written', async () => {
      const before = await snapshot(ticket.id);
      const res = await postForm(agent, ticket.id, 'assign', { staffId: String(jane.id), comment: '' });
      expectBack(res);
      expect(flashes(await page())).toEqual(['error: This ticket is closed. Reopen the ticket first.']);
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('status: reopening clears closed_at; the same status again is refused; bad input is 422', async () => {
      expectBack(await postForm(agent, ticket.id, 'status', { statusId: '1', comment: '' }));
      const row = await ticketRow(ticket.id);
      expect(row).toMatchObject({ statusId: 1, state: 'open', closedAt: null });
      expect(row.reopenedAt).not.toBeNull();
      const [event] = await newestEntries(ticket.id, 1);
      expect(event).toMatchObject({ type: 'event', event: 'reopened', staffId: john.id });
      await page(); // take the success flash

      const before = await snapshot(ticket.id);
      expectBack(await postForm(agent, ticket.id, 'status', { statusId: '1', comment: '' }));
      expect(flashes(await page())).toEqual(['error: The ticket is already in status &quot;Open&quot;.']);

      const bad = await postForm(agent, ticket.id, 'status', { statusId: '99', comment: 'Typed comment' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('<p class="field-error" id="status-status-error">Choose a status from the list.</p>');
      expect(bad.text).toContain('Typed comment</textarea>');
      expect(bad.text).toContain('<details class="action" id="action-status" open>');
      const missing = await postForm(agent, ticket.id, 'status', { comment: 'x' });
      expect(missing.status).toBe(422);
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('assign: sets the agent and writes the event and the comment', async () => {
      expectBack(await postForm(agent, ticket.id, 'assign', { staffId: String(jane.id), comment: 'Jane knows printers.' }));
      expect((await ticketRow(ticket.id)).staffId).toBe(jane.id);
      const [event, note] = await newestEntries(ticket.id, 2);
      expect(event).toMatchObject({ type: 'event', event: 'assigned', staffId: john.id, posterName: 'John Doe', body: 'John Doe assigned the ticket to Jane Roe' });
      expect(note).toMatchObject({ type: 'note', title: 'Assignment comment', body: 'Jane knows printers.' });
      expect(flashes(await page())).toEqual(['success: Assigned to Jane Roe.']);
    });

    it('assign: the current assignee, an unknown agent or a malformed id are 422 with nothing written', async () => {
      const before = await snapshot(ticket.id);
      const cases: [string, string][] = [[String(jane.id), 'The ticket is already assigned to Jane Roe.'], ['99999', 'Choose an agent from the list.'], ['abc', 'Choose an agent from the list.']];
      for (const [staffId, message] of cases) {
        const res = await postForm(agent, ticket.id, 'assign', { staffId, comment: '' });
        expect(res.status).toBe(422);
        expect(flashes(res.text)).toEqual([`error: ${message}`]);
        expect(res.text).toContain('<details class="action" id="action-assign" open>');
      }
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('priority: sets it and writes the event; a bad id is 422', async () => {
      expectBack(await postForm(agent, ticket.id, 'priority', { priorityId: '4' }));
      expect((await ticketRow(ticket.id)).priorityId).toBe(4);
      const [event] = await newestEntries(ticket.id, 1);
      expect(event).toMatchObject({ type: 'event', event: 'priority_changed', staffId: john.id, body: 'John Doe changed the priority from Normal to Emergency' });
      expect(flashes(await page())).toEqual(['success: Priority set to Emergency.']);

      const before = await snapshot(ticket.id);
      for (const priorityId of ['abc', '99', '']) {
        const res = await postForm(agent, ticket.id, 'priority', { priorityId });
        expect(res.status).toBe(422);
        expect(flashes(res.text)).toEqual(['error: Choose a priority from the list.']);
      }
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('topic: sets it and writes the event; an unknown topic is 422', async () => {
      expectBack(await postForm(agent, ticket.id, 'topic', { topicId: '2' }));
      expect((await ticketRow(ticket.id)).helpTopicId).toBe(2);
      const [event] = await newestEntries(ticket.id, 1);
      expect(event).toMatchObject({ type: 'event', event: 'topic_changed', body: 'John Doe changed the help topic from General Inquiry to Feedback' });
      expect(flashes(await page())).toEqual(['success: Help topic updated.']);

      const before = await snapshot(ticket.id);
      const res = await postForm(agent, ticket.id, 'topic', { topicId: '99' });
      expect(res.status).toBe(422);
      expect(flashes(res.text)).toEqual(['error: Choose a help topic from the list.']);
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('sla: clears the plan with "" and sets it again; an unknown plan is 422', async () => {
      expect((await ticketRow(ticket.id)).slaPlanId).toBe(1);
      expectBack(await postForm(agent, ticket.id, 'sla', { slaPlanId: '' }));
      expect((await ticketRow(ticket.id)).slaPlanId).toBeNull();
      expect((await newestEntries(ticket.id, 1))[0]).toMatchObject({ type: 'event', event: 'sla_changed', body: 'John Doe changed the SLA plan from Default SLA to none' });
      expect(flashes(await page())).toEqual(['success: SLA plan updated.']);
      expectBack(await postForm(agent, ticket.id, 'sla', { slaPlanId: '1' }));
      expect((await ticketRow(ticket.id)).slaPlanId).toBe(1);
      await page();

      const before = await snapshot(ticket.id);
      const res = await postForm(agent, ticket.id, 'sla', { slaPlanId: '99' });
      expect(res.status).toBe(422);
      expect(flashes(res.text)).toEqual(['error: Choose an SLA plan from the list.']);
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('refuses a POST without the CSRF token with 403, writing nothing', async () => {
      const before = await snapshot(ticket.id);
      const form = await agent.post(`/scp/tickets/${ticket.id}/priority`).type('form').send({ priorityId: '1' });
      expect(form.status).toBe(403);
      const multipart = await agent.post(`/scp/tickets/${ticket.id}/reply`).field('message', 'No token').attach('attachments', steps.content, { filename: steps.name, contentType: steps.type });
      expect(multipart.status).toBe(403);
      const wrong = await agent.post(`/scp/tickets/${ticket.id}/note`).type('form').send({ _csrf: 'not-the-token', message: 'Wrong token' });
      expect(wrong.status).toBe(403);
      expect(await snapshot(ticket.id)).toEqual(before);
    });

    it('answers actions on an unknown or malformed ticket id with 404', async () => {
      for (const id of ['99999999', 'abc', '1.5']) {
        const res = await postForm(agent, id, 'note', { message: 'Hello?' });
        expect(res.status).toBe(404);
      }
    });

    it('transfer: the same department is 422; another one moves the ticket with its event and comment', async () => {
      const before = await snapshot(ticket.id);
      const same = await postForm(agent, ticket.id, 'transfer', { departmentId: '1', comment: '' });
      expect(same.status).toBe(422);
      expect(flashes(same.text)).toEqual(['error: The ticket is already in Support.']);
      expect(await snapshot(ticket.id)).toEqual(before);

      // Out of John's reach afterwards: back to the queue, not to a ticket page he may no longer open.
      const moved = await postForm(agent, ticket.id, 'transfer', { departmentId: '2', comment: 'Sales handles printers now.' });
      expect(moved.status).toBe(303);
      expect(moved.headers.location).toBe('/scp/tickets');
      expect(flashes((await agent.get('/scp/tickets').expect(200)).text)).toEqual(['success: Transferred to Sales.', 'info: You no longer have access to that ticket.']);
      expect((await ticketRow(ticket.id)).departmentId).toBe(2);
      const [event, note] = await newestEntries(ticket.id, 2);
      expect(event).toMatchObject({ type: 'event', event: 'transferred', staffId: john.id, body: 'John Doe transferred the ticket from Support to Sales' });
      expect(note).toMatchObject({ type: 'note', title: 'Transfer comment', body: 'Sales handles printers now.' });
      // John (Support, not the assignee) no longer sees it; Jane, its assignee, still does.
      expect((await agent.get(`/scp/tickets/${ticket.id}`)).status).toBe(404);
      const janeAgent = await loginAgent(t.http, 'jane', PASSWORD);
      expect((await janeAgent.get(`/scp/tickets/${ticket.id}`)).status).toBe(200);
    });
  });
});
