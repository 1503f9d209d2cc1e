import 'reflect-metadata';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Attachment } from '../../src/attachments/attachment.entity';
import { HelpTopic } from '../../src/help-topics/help-topic.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketStatus } from '../../src/tickets/ticket-status.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp } from '../support/create-test-app';
import { csrfFrom, formToken } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type OpenFields = Record<'email' | 'name' | 'phone' | 'topicId' | 'subject' | 'message', string>;
interface FilePart { name: string; content: Buffer; type: string }

const STATUS_NOT_FOUND = 'We could not find a ticket with that email address and number.';
const XSS = '<script>alert(1)</script>';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const fields = (over: Partial<OpenFields> = {}): OpenFields => ({
  email: 'Karen@Example.com', name: 'Karen Kline', phone: '555-0100', topicId: '2',
  subject: 'Mobile banking is down', message: 'The app says Service unavailable since this morning.', ...over,
});

/** A browser on the portal (a cookie jar). */
const visitor = (t: TestApp): Agent => request.agent(t.http);

async function submitOpen(agent: Agent, values: Partial<OpenFields>, files: FilePart[] = [], base = ''): Promise<request.Response> {
  // Token first: the agent attaches its cookies when the request is created.
  const token = await formToken(agent, `${base}/tickets/new`);
  let req = agent.post(`${base}/tickets`).field('_csrf', token);
  for (const [name, value] of Object.entries(values)) req = req.field(name, value);
  for (const f of files) req = req.attach('attachments', f.content, { filename: f.name, contentType: f.type });
  return req;
}

async function submitStatus(agent: Agent, email: string, number: string): Promise<request.Response> {
  const token = await formToken(agent, '/status');
  return agent.post('/status').type('form').send({ _csrf: token, email, number });
}

async function submitReply(agent: Agent, number: string, message: string, files: FilePart[] = []): Promise<request.Response> {
  const token = await formToken(agent, `/tickets/${number}`);
  let req = agent.post(`/tickets/${number}/reply`).field('_csrf', token).field('message', message);
  for (const f of files) req = req.attach('attachments', f.content, { filename: f.name, contentType: f.type });
  return req;
}

/** What a page must not show for a refused form: ticket, user, thread and file rows, and stored files. */
async function counts(db: DataSource, attachmentsDir: string) {
  return {
    tickets: await db.getRepository(Ticket).count(),
    users: await db.getRepository(User).count(),
    entries: await db.getRepository(ThreadEntry).count(),
    attachments: await db.getRepository(Attachment).count(),
    files: fs.existsSync(attachmentsDir) ? fs.readdirSync(attachmentsDir).length : 0,
  };
}

describe(`client portal (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;

  // Karen's ticket, opened through the form in the first test and used by the ones after it.
  const evidence = { name: 'screenshot of the error.txt', content: Buffer.from('Service unavailable (code 503)\n\u00e9t\u00e9\n'), type: 'text/plain' };
  let karen: Agent;
  let number: string;
  let ticketId: number;

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    // Feedback routes to Sales at Low priority, so the ticket's defaults visibly come from its topic.
    await db.getRepository(HelpTopic).update({ id: 2 }, { departmentId: 2, priorityId: 1 });
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    const scope = await t.app.get(StaffService).scope(adminRow.id);
    if (!scope) throw new Error('the first admin has no scope');
    admin = scope;
    karen = visitor(t);
  });
  afterAll(() => t?.close());

  const thread = async (id = ticketId) =>
    (await db.getRepository(ThreadEntry).find({ where: { ticketId: id }, order: { id: 'ASC' } })).map((e) => ({ type: e.type, event: e.event, body: e.body }));

  it('shows the home page with both ways in', async () => {
    const res = await visitor(t).get('/').expect(200);
    expect(res.text).toContain('Open a New Ticket');
    expect(res.text).toContain('Check Ticket Status');
    expect(res.text).toContain('class="area-portal"');
  });

  it('lists only public, active help topics on the form, with the upload limits', async () => {
    await db.getRepository(HelpTopic).update({ id: 4 }, { isPublic: false });
    const res = await visitor(t).get('/tickets/new').expect(200);
    expect(res.text).toContain('<option value="1">General Inquiry</option>');
    expect(res.text).toContain('<option value="3">Report a Problem</option>');
    expect(res.text).not.toContain('Access Issue');
    expect(res.text).toMatch(/Up to 5 files, 10(&nbsp;|\u00a0)MB each/);
  });

  it('opens a ticket from the form with an attachment, and thanks with its number', async () => {
    const res = await submitOpen(karen, fields(), [evidence]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/tickets/thanks');

    const thanks = await karen.get('/tickets/thanks').expect(200);
    number = /#(\d+)/.exec(thanks.text)?.[1] ?? '';
    expect(number).not.toBe('');
    expect(thanks.text).toContain('Mobile banking is down');
    expect(thanks.text).toContain('karen@example.com');
    expect(thanks.text).toContain(`href="/tickets/${number}"`);

    const ticket = await db.getRepository(Ticket).findOneOrFail({ where: { number }, relations: { user: true, status: true } });
    ticketId = ticket.id;
    expect(ticket).toMatchObject({ subject: 'Mobile banking is down', state: 'open', departmentId: 2, priorityId: 1, helpTopicId: 2, source: 'web', staffId: null });
    expect(ticket.status.name).toBe('Open');
    expect(ticket.user).toMatchObject({ email: 'karen@example.com', name: 'Karen Kline', phone: '555-0100' });
    expect(await thread()).toEqual([
      { type: 'message', event: null, body: 'The app says Service unavailable since this morning.' },
      expect.objectContaining({ type: 'event', event: 'created' }),
    ]);

    const [file] = await db.getRepository(Attachment).findBy({ ticketId });
    expect(file).toMatchObject({ fileName: evidence.name, mimeType: 'text/plain', size: evidence.content.length, sha256: sha256(evidence.content) });
    const stored = fs.readFileSync(path.join(t.config.attachments.dir, file.storedName));
    expect(sha256(stored)).toBe(sha256(evidence.content));
    expect(file.storedName).not.toContain('screenshot');
  });

  it('shows the ticket to the browser that opened it, with the attachment link', async () => {
    const res = await karen.get(`/tickets/${number}`).expect(200);
    expect(res.text).toContain(`Ticket #${number}`);
    expect(res.text).toContain('The app says Service unavailable since this morning.');
    expect(res.text).toContain('Sales');
    expect(res.text).toContain('Feedback');
    const [file] = await db.getRepository(Attachment).findBy({ ticketId });
    expect(res.text).toContain(`href="/attachments/${file.id}"`);
    expect(res.text).toMatch(/screenshot of the error\.txt<\/a> <span class="attachment-size">\d+ bytes/);
    expect(res.text).toContain('Viewing as <strong>karen@example.com</strong>');
  });

  it('serves the attachment to that browser only, as a sandboxed download', async () => {
    const [file] = await db.getRepository(Attachment).findBy({ ticketId });
    const res = await karen.get(`/attachments/${file.id}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(evidence.content));
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="screenshot of the error.txt"; filename*=UTF-8''screenshot%20of%20the%20error.txt`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(res.headers['cache-control']).toBe('private, no-store');

    const stranger = await visitor(t).get(`/attachments/${file.id}`);
    expect(stranger.status).toBe(404);
    expect(stranger.text).toContain('class="area-portal"');
    expect(stranger.text).not.toContain('Service unavailable (code 503)');

    // Someone with a ticket of their own still cannot reach Karen's file.
    const bob = visitor(t);
    expect((await submitOpen(bob, fields({ email: 'bob@example.com', name: 'Bob', subject: 'Bob needs help' }))).status).toBe(303);
    expect((await bob.get(`/attachments/${file.id}`)).status).toBe(404);
    expect((await bob.get(`/tickets/${number}`)).status).toBe(404);

    expect((await karen.get('/attachments/abc')).status).toBe(404);
    expect((await karen.get('/attachments/99999999')).status).toBe(404);
  });

  describe('status check', () => {
    it('lets the right email and number in, whatever the case of the email', async () => {
      const guest = visitor(t);
      const form = await guest.get('/status').expect(200);
      const res = await guest.post('/status').type('form').send({ _csrf: csrfFrom(form.text), email: ' KAREN@example.com ', number });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/tickets/${number}`);
      // Proving ownership is a login: the session gets a new id (SECURITY 11).
      const sid = (r: request.Response) => ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('relaydesk_sid='))?.split(';')[0];
      expect(sid(form)).toBeDefined();
      expect(sid(res)).toBeDefined();
      expect(sid(res)).not.toBe(sid(form));
      const page = await guest.get(`/tickets/${number}`).expect(200);
      expect(page.text).toContain('Mobile banking is down');
    });

    it('answers a wrong email and a wrong number the same way, with 404 and nothing about the ticket', async () => {
      const wrongEmail = await submitStatus(visitor(t), 'mallory@example.com', number);
      const otherTicket = (await db.getRepository(Ticket).findOneByOrFail({ subject: 'Bob needs help' })).number;
      const wrongNumber = await submitStatus(visitor(t), 'mallory@example.com', otherTicket);
      const wrongPair = await submitStatus(visitor(t), 'karen@example.com', otherTicket);
      for (const res of [wrongEmail, wrongNumber, wrongPair]) {
        expect(res.status).toBe(404);
        expect(res.text).toContain(STATUS_NOT_FOUND);
        expect(res.text).not.toContain('Mobile banking');
        expect(res.text).not.toContain('Bob needs help');
        expect(res.text).not.toContain(`value="${number}"`);
        expect(res.text).not.toContain(`value="${otherTicket}"`);
      }
      expect(wrongPair.text).toContain('value="karen@example.com"');
      // Apart from the typed email and the CSRF token, the pages are byte for byte the same.
      const normalize = (html: string) => html.replace(/value="[^"]*@example\.com"/g, 'EMAIL').replace(/name="_csrf" value="[^"]*"/g, 'CSRF');
      expect(normalize(wrongEmail.text)).toBe(normalize(wrongPair.text));
      expect(normalize(wrongNumber.text)).toBe(normalize(wrongPair.text));
    });

    it('refuses malformed input with 422, the same notice and the typed email', async () => {
      const res = await submitStatus(visitor(t), `not-an-email${XSS}`, '');
      expect(res.status).toBe(422);
      expect(res.text).toContain(STATUS_NOT_FOUND);
      expect(res.text).toContain('Enter a valid email address.');
      expect(res.text).toContain('value="not-an-email&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(res.text).not.toContain(XSS);
    });

    it('replaces access for another address and drops it on sign out', async () => {
      const bob = visitor(t);
      expect((await submitOpen(bob, fields({ email: 'bob2@example.com', name: 'Bob Two', subject: 'Second Bob ticket' }))).status).toBe(303);
      const bobNumber = (await db.getRepository(Ticket).findOneByOrFail({ subject: 'Second Bob ticket' })).number;
      expect((await bob.get(`/tickets/${bobNumber}`)).status).toBe(200);

      expect((await submitStatus(bob, 'karen@example.com', number)).status).toBe(303);
      expect((await bob.get(`/tickets/${number}`)).status).toBe(200);
      expect((await bob.get(`/tickets/${bobNumber}`)).status).toBe(404);

      const token = await formToken(bob, '/');
      const signOut = await bob.post('/status/signout').type('form').send({ _csrf: token });
      expect(signOut.status).toBe(303);
      expect(signOut.headers.location).toBe('/');
      const home = await bob.get('/').expect(200);
      expect(home.text).toContain('You have signed out.');
      expect(home.text).not.toContain('Viewing as');
      expect((await bob.get(`/tickets/${number}`)).status).toBe(404);
      expect(await bob.get('/tickets/thanks').expect(303).then((r) => r.headers.location)).toBe('/');
    });
  });

  it('sends a browser with no new ticket from the thanks page to the home page', async () => {
    const res = await visitor(t).get('/tickets/thanks');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('shows agent replies but never internal notes or their files', async () => {
    const actions = t.app.get(TicketActionsService);
    await actions.reply(admin, ticketId, { message: 'We are looking into it, Karen.', uploads: [], statusId: null });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-note-'));
    fs.writeFileSync(path.join(tmp, 'secret'), 'internal only');
    await actions.note(admin, ticketId, {
      title: 'Escalation', message: 'SECRET-NOTE gateway certificates expired', statusId: null,
      uploads: [{ tempPath: path.join(tmp, 'secret'), originalName: 'internal-notes.txt', mimeType: 'text/plain', size: 13 }],
    });
    const noteFile = await db.getRepository(Attachment).findOneByOrFail({ fileName: 'internal-notes.txt' });

    const res = await karen.get(`/tickets/${number}`).expect(200);
    expect(res.text).toContain('We are looking into it, Karen.');
    expect(res.text).toContain('Staff reply');
    expect(res.text).not.toContain('SECRET-NOTE');
    expect(res.text).not.toContain('Escalation');
    expect(res.text).not.toContain('internal-notes.txt');
    expect(res.text).not.toContain('opened the ticket'); // events stay on the staff side
    // Oldest first: Karen's message, then the reply.
    expect(res.text.indexOf('Service unavailable since')).toBeLessThan(res.text.indexOf('We are looking into it'));
    expect((await karen.get(`/attachments/${noteFile.id}`)).status).toBe(404);
  });

  it('posts a reply with a file, and keeps the message on an invalid one', async () => {
    const before = await thread();
    const tooLong = `keep me ${'x'.repeat(16_000)}`;
    const invalid = await submitReply(karen, number, tooLong);
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain('Your reply must be at most 16000 characters.');
    expect(invalid.text).toContain('keep me xxxx');
    const empty = await submitReply(karen, number, '   ');
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Enter your reply.');
    expect(await thread()).toEqual(before);

    const log = { name: 'log.txt', content: Buffer.from('retry failed'), type: 'text/plain' };
    const res = await submitReply(karen, number, 'Still failing <b>today</b>.', [log]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/tickets/${number}`);
    const page = await karen.get(`/tickets/${number}`).expect(200);
    expect(page.text).toContain('Your reply was posted.');
    expect(page.text).toContain('Still failing &lt;b&gt;today&lt;/b&gt;.');
    const after = await thread();
    expect(after.slice(before.length)).toEqual([{ type: 'message', event: null, body: 'Still failing <b>today</b>.' }]);
    const entry = await db.getRepository(ThreadEntry).findOneByOrFail({ body: 'Still failing <b>today</b>.' });
    expect(await db.getRepository(Attachment).findOneByOrFail({ threadEntryId: entry.id })).toMatchObject({ fileName: 'log.txt', sha256: sha256(log.content) });
  });

  it('reopens a resolved ticket when its user replies', async () => {
    await t.app.get(TicketActionsService).changeStatus(admin, ticketId, 4, 'Fixed the gateway.');
    const resolved = await db.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    expect(resolved).toMatchObject({ statusId: 4, state: 'closed', reopenedAt: null });

    const page = await karen.get(`/tickets/${number}`).expect(200);
    expect(page.text).toContain('Replying will reopen this ticket.');
    const res = await submitReply(karen, number, 'It broke again this morning.');
    expect(res.status).toBe(303);

    const ticket = await db.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    expect(ticket).toMatchObject({ statusId: 1, state: 'open', closedAt: null, isAnswered: false });
    expect(ticket.reopenedAt).toBeInstanceOf(Date);
    expect((await thread()).slice(-2)).toEqual([
      { type: 'message', event: null, body: 'It broke again this morning.' },
      expect.objectContaining({ type: 'event', event: 'reopened' }),
    ]);
  });

  it('refuses a reply on a closed status that cannot be reopened, and writes nothing', async () => {
    const final = await db.getRepository(TicketStatus).save({ name: 'Closed (final)', state: 'closed', isReopenable: false, pausesSla: false, isDefault: false, sort: 8 });
    await t.app.get(TicketActionsService).changeStatus(admin, ticketId, final.id, '');
    const before = { ticket: await db.getRepository(Ticket).findOneByOrFail({ id: ticketId }), thread: await thread(), rows: await counts(db, t.config.attachments.dir) };

    const page = await karen.get(`/tickets/${number}`).expect(200);
    expect(page.text).toContain('This ticket is closed and cannot be reopened; please open a new ticket.');
    expect(page.text).not.toContain('Post Reply</button>');

    const token = csrfFrom(page.text);
    const res = await karen.post(`/tickets/${number}/reply`).field('_csrf', token).field('message', 'Please reopen')
      .attach('attachments', Buffer.from('more'), { filename: 'more.txt', contentType: 'text/plain' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/tickets/${number}`);
    const after = await karen.get(`/tickets/${number}`).expect(200);
    expect(after.text).toMatch(/flash-error[^>]*>This ticket is closed and cannot be reopened; please open a new ticket\./);

    expect(await db.getRepository(Ticket).findOneByOrFail({ id: ticketId })).toEqual(before.ticket);
    expect(await thread()).toEqual(before.thread);
    expect(await counts(db, t.config.attachments.dir)).toEqual(before.rows);
  });

  describe('invalid open form', () => {
    it('re-renders with 422, the messages and the typed values escaped, and writes nothing', async () => {
      const before = await counts(db, t.config.attachments.dir);
      const guest = visitor(t);
      const res = await submitOpen(guest, fields({ email: 'not an email', name: `Eve ${XSS}`, subject: '   ', message: `Details ${XSS}` }), [evidence]);
      expect(res.status).toBe(422);
      expect(res.text).toContain('Enter a valid email address.');
      expect(res.text).toContain('Issue summary is required.');
      expect(res.text).toContain('value="not an email"');
      expect(res.text).toContain('value="Eve &lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(res.text).toContain('Details &lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
      expect(res.text).not.toContain(XSS);
      expect(res.text).toMatch(/<option value="2" selected>Feedback<\/option>/);
      expect(await counts(db, t.config.attachments.dir)).toEqual(before);
      expect(await db.getRepository(User).countBy({ name: `Eve ${XSS}` })).toBe(0);
      expect((await guest.get('/tickets/thanks')).status).toBe(303);
    });

    it.each([
      ['does not exist', '999'],
      ['is private', '4'],
      ['is not a number', 'general'],
    ])('refuses a help topic that %s with 422', async (_why, topicId) => {
      const before = await counts(db, t.config.attachments.dir);
      const res = await submitOpen(visitor(t), fields({ email: 'topic@example.com', topicId }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Choose a help topic from the list.');
      expect(res.text).toContain('value="topic@example.com"');
      expect(await counts(db, t.config.attachments.dir)).toEqual(before);
    });

    it('requires the full name and issue details', async () => {
      const before = await counts(db, t.config.attachments.dir);
      const res = await submitOpen(visitor(t), fields({ name: '', message: '' }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Full name is required.');
      expect(res.text).toContain('Issue details are required.');
      expect(await counts(db, t.config.attachments.dir)).toEqual(before);
    });
  });

  it('shows the 404 page in the portal layout for an unknown ticket number', async () => {
    for (const url of ['/tickets/999999999', '/tickets/no-such-ticket', '/tickets/%3Cscript%3E']) {
      const res = await karen.get(url);
      expect(`${url} ${res.status}`).toBe(`${url} 404`);
      expect(res.text).toContain('class="area-portal"');
      expect(res.text).toContain('We could not find that ticket.');
    }
  });
});

describe(`client portal upload limits, under a base path (${testDbKind})`, () => {
  let t: TestApp;
  const base = '/support';
  const file = (name: string, bytes: number): FilePart => ({ name, content: Buffer.alloc(bytes, 'a'), type: 'text/plain' });

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_FILES: '1', ATTACHMENT_MAX_MB: '1', BASE_PATH: base });
  });
  afterAll(() => t?.close());

  it.each([
    ['too many files', [file('a.txt', 10), file('b.txt', 10)], 'At most 1 attachment.'],
    ['a file over the size limit', [file('big.txt', 1024 * 1024 + 1)], 'Each attachment must be at most 1 MB.'],
  ])('refuses %s with 422 on the attachments field and writes nothing', async (_what, files, message) => {
    const before = await counts(t.dataSource, t.config.attachments.dir);
    const res = await submitOpen(visitor(t), fields({ name: 'Uploader' }), files, base);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="open-attachments-error">${message.replace('.', '\\.')}<`));
    expect(res.text).toContain('value="Uploader"');
    expect(res.text).toContain('Up to 1 file, 1');
    expect(await counts(t.dataSource, t.config.attachments.dir)).toEqual(before);
  });

  it('links and redirects under the base path', async () => {
    const agent = visitor(t);
    const res = await submitOpen(agent, fields(), [file('ok.txt', 100)], base);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base}/tickets/thanks`);
    const thanks = await agent.get(`${base}/tickets/thanks`).expect(200);
    const number = /#(\d+)/.exec(thanks.text)?.[1];
    expect(thanks.text).toContain(`href="${base}/tickets/${number}"`);
    const page = await agent.get(`${base}/tickets/${number}`).expect(200);
    expect(page.text).toContain(`action="${base}/tickets/${number}/reply"`);
    expect(page.text).toMatch(new RegExp(`href="${base}/attachments/\\d+"`));
  });
});
