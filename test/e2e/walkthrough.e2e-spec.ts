import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Attachment } from '../../src/attachments/attachment.entity';
import { DemoDataService } from '../../src/boot/demo-data.service';
import { Staff } from '../../src/staff/staff.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp } from '../support/create-test-app';
import { csrfFrom, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const DEMO_PASSWORD = 'demo-pass-123';
// Plain words only: the pages escape quotes and ampersands, and these are looked for in the HTML.
const TEXT = {
  subject: 'Mobile banking is down',
  message: 'Since this morning the app says Service unavailable and I cannot see my accounts.',
  note: 'Gateway certificates look expired. Jane, can you check the auth gateway?',
  noteTitle: 'Escalated to System Administrators',
  reply: 'Hi Karen, we found the problem with the login gateway and fixed it. Please try again.',
  resolution: 'Root cause: expired TLS certificate on the auth gateway. Renewed it and added monitoring.',
  karenReply: 'It worked for a day but the app is failing again this morning.',
};

/**
 * The DOMAIN.md walkthrough over HTTP, each step checked on the page AND in the database: Karen opens
 * a ticket on the portal; John triages it at /scp (help topic, priority, assignment, internal note);
 * Jane answers and resolves it with a resolution note; Karen sees the answer but nothing internal, and
 * her reply reopens the ticket. The steps share one app and run in order.
 */
describe(`walkthrough: portal to staff panel and back (${testDbKind})`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let db: DataSource;
  let people: { john: Staff; jane: Staff; karen: User };
  let demoTicketNumber: string;
  let number: string; // Karen's new ticket, from the thanks page
  let ticketId: number; // its id, from the link in John's Open queue
  let john: Agent;
  let jane: Agent;

  beforeAll(async () => {
    t = await createTestApp({ DEMO_PASSWORD });
    db = t.dataSource;
    await t.app.get(DemoDataService).seed();
    const staff = db.getRepository(Staff);
    people = {
      john: await staff.findOneByOrFail({ username: 'john' }),
      jane: await staff.findOneByOrFail({ username: 'jane' }),
      karen: await db.getRepository(User).findOneByOrFail({ email: 'karen@example.com' }),
    };
    demoTicketNumber = (await db.getRepository(Ticket).findOneByOrFail({ subject: TEXT.subject })).number;
  });
  afterAll(() => t?.close());

  const ticket = () => db.getRepository(Ticket).findOneByOrFail({ number });
  /** The thread as stored, oldest first, reduced to what the walkthrough asserts. */
  const thread = async () =>
    (await db.getRepository(ThreadEntry).find({ where: { ticketId: (await ticket()).id }, order: { id: 'ASC' } })).map((e) => ({
      type: e.type, event: e.event, posterName: e.posterName, staffId: e.staffId, userId: e.userId, title: e.title, body: e.body,
    }));

  async function html(agent: Agent, url: string): Promise<string> {
    const res = await agent.get(url);
    expect(`${res.status} ${url}`).toBe(`200 ${url}`);
    return res.text;
  }

  /** The ticket page's CSRF token and the lastEntryId its forms carry (the collision guard). */
  async function ticketPage(agent: Agent): Promise<{ page: string; csrf: string; lastEntryId: string }> {
    const page = await html(agent, `/scp/tickets/${ticketId}`);
    const lastEntryId = /name="lastEntryId" value="(\d+)"/.exec(page)?.[1];
    if (!lastEntryId) throw new Error('no lastEntryId field on the staff ticket page');
    return { page, csrf: csrfFrom(page), lastEntryId };
  }

  /** A sidebar action (urlencoded form) on the ticket; it must redirect back to the ticket with 303. */
  async function act(agent: Agent, action: string, fields: Record<string, string>): Promise<void> {
    const { csrf, lastEntryId } = await ticketPage(agent);
    const res = await agent.post(`/scp/tickets/${ticketId}/${action}`).type('form').send({ _csrf: csrf, lastEntryId, ...fields });
    expectRedirectToTicket(res, action);
  }

  /** Reply or note: multipart forms (they may carry attachments). */
  async function post(agent: Agent, action: 'reply' | 'note', fields: Record<string, string>): Promise<void> {
    const { csrf, lastEntryId } = await ticketPage(agent);
    let req = agent.post(`/scp/tickets/${ticketId}/${action}`).field('_csrf', csrf).field('lastEntryId', lastEntryId);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    expectRedirectToTicket(await req, action);
  }

  function expectRedirectToTicket(res: request.Response, action: string): void {
    if (res.status !== 303) throw new Error(`POST ${action} answered ${res.status}, not 303:\n${res.text.slice(0, 3000)}`);
    expect(res.headers.location).toMatch(new RegExp(`^/scp/tickets/${ticketId}(#[\\w-]+)?$`));
  }

  /** Ticket numbers linked from a queue page. */
  async function queueNumbers(agent: Agent, queue: 'open' | 'mine' | 'closed'): Promise<string[]> {
    const page = await html(agent, `/scp/tickets?queue=${queue}`);
    return [...page.matchAll(/<a href="\/scp\/tickets\/\d+">#(\d+)<\/a>/g)].map((m) => m[1]);
  }

  it('1. Karen opens "Mobile banking is down" on the portal and gets its number on the thanks page', async () => {
    const karen = request.agent(t.http);
    const form = await html(karen, '/tickets/new');
    expect(form).toContain('Report a Problem');
    const res = await karen.post('/tickets')
      .field('_csrf', csrfFrom(form))
      .field('email', 'Karen@Example.com')
      .field('name', 'Karen')
      .field('phone', '555-0100')
      .field('topicId', '3')
      .field('subject', TEXT.subject)
      .field('message', TEXT.message)
      .attach('attachments', Buffer.from('Service unavailable (code 503)\n'), { filename: 'error-message.txt', contentType: 'text/plain' });
    if (res.status !== 303) throw new Error(`POST /tickets answered ${res.status}:\n${res.text.slice(0, 3000)}`);
    expect(res.headers.location).toBe('/tickets/thanks');

    const thanks = await html(karen, '/tickets/thanks');
    number = /class="ticket-number">#(\d+)</.exec(thanks)?.[1] ?? '';
    expect(number).toMatch(/^\d{6,}$/);
    expect(number).not.toBe(demoTicketNumber); // her own new ticket, not the demo one with the same subject
    expect(thanks).toContain(TEXT.subject);
    expect(thanks).toContain('karen@example.com');
    expect(thanks).toContain(`href="/tickets/${number}"`);

    const row = await db.getRepository(Ticket).findOneOrFail({ where: { number }, relations: { user: true } });
    expect(row).toMatchObject({
      subject: TEXT.subject, userId: people.karen.id, statusId: 1, state: 'open', departmentId: 1, helpTopicId: 3,
      priorityId: 2, slaPlanId: 1, staffId: null, teamId: null, source: 'web', isAnswered: false, closedAt: null, version: 1,
    });
    expect(await db.getRepository(User).countBy({ email: 'karen@example.com' })).toBe(1); // the same Karen, not a second user
    expect(await thread()).toEqual([
      { type: 'message', event: null, posterName: 'Karen', staffId: null, userId: people.karen.id, title: null, body: TEXT.message },
      { type: 'event', event: 'created', posterName: 'Karen', staffId: null, userId: people.karen.id, title: null, body: 'Karen opened the ticket via the web portal' },
    ]);
    const files = await db.getRepository(Attachment).findBy({ ticketId: row.id });
    expect(files.map((f) => [f.fileName, f.size])).toEqual([['error-message.txt', 31]]);
    expect(fs.readFileSync(path.join(t.config.attachments.dir, files[0].storedName), 'utf8')).toBe('Service unavailable (code 503)\n');
  });

  it('2. John finds it in Open, changes the help topic, sets priority Emergency, assigns it to Jane and adds an internal note', async () => {
    john = await loginAgent(t.http, 'john', DEMO_PASSWORD);
    const open = await html(john, '/scp/tickets?queue=open');
    const link = new RegExp(`<a href="/scp/tickets/(\\d+)">#${number}</a>`).exec(open);
    expect(link).not.toBeNull();
    ticketId = Number(link![1]);
    expect(ticketId).toBe((await ticket()).id);
    expect(await queueNumbers(john, 'open')).toEqual(expect.arrayContaining([number, demoTicketNumber]));

    const first = await ticketPage(john);
    expect(first.page).toContain(`Ticket #${number}`);
    expect(first.page).toContain(TEXT.message);
    expect(first.page).toContain('error-message.txt');

    await act(john, 'topic', { topicId: '4' });
    expect(await ticket()).toMatchObject({ helpTopicId: 4, version: 2 });
    expect((await thread()).at(-1)).toEqual({
      type: 'event', event: 'topic_changed', posterName: 'John Doe', staffId: people.john.id, userId: null, title: null,
      body: 'John Doe changed the help topic from Report a Problem to Report a Problem / Access Issue',
    });

    await act(john, 'priority', { priorityId: '4' });
    expect(await ticket()).toMatchObject({ priorityId: 4, version: 3 });
    expect((await thread()).at(-1)).toMatchObject({ type: 'event', event: 'priority_changed', posterName: 'John Doe', staffId: people.john.id, body: 'John Doe changed the priority from Normal to Emergency' });

    await act(john, 'assign', { staffId: String(people.jane.id), comment: '' });
    expect(await ticket()).toMatchObject({ staffId: people.jane.id, departmentId: 1, version: 4 });
    expect((await thread()).at(-1)).toMatchObject({ type: 'event', event: 'assigned', posterName: 'John Doe', staffId: people.john.id, body: 'John Doe assigned the ticket to Jane Roe' });

    await post(john, 'note', { title: TEXT.noteTitle, message: TEXT.note, statusId: '' });
    expect((await thread()).at(-1)).toEqual({ type: 'note', event: null, posterName: 'John Doe', staffId: people.john.id, userId: null, title: TEXT.noteTitle, body: TEXT.note });
    expect(await ticket()).toMatchObject({ statusId: 1, state: 'open', isAnswered: false, version: 5 });
    expect((await thread()).map((e) => e.event ?? e.type)).toEqual(['message', 'created', 'topic_changed', 'priority_changed', 'assigned', 'note']);

    const { page } = await ticketPage(john);
    expect(page).toContain('Report a Problem / Access Issue');
    expect(page).toContain('Emergency priority');
    expect(page).toContain('Jane Roe');
    // The note is shown as internal.
    const note = new RegExp(`<li class="entry entry-note[^"]*"[\\s\\S]*?</li>`).exec(page)?.[0] ?? '';
    expect(note).toContain('Internal note');
    expect(note).toContain(TEXT.noteTitle);
    expect(note).toContain(TEXT.note);
  });

  it('3. Jane finds it in My Tickets, replies to Karen and resolves it with a resolution note', async () => {
    jane = await loginAgent(t.http, 'jane', DEMO_PASSWORD);
    expect(await queueNumbers(jane, 'mine')).toEqual([number]);
    expect(await queueNumbers(john, 'mine')).not.toContain(number);
    const { page } = await ticketPage(jane);
    expect(page).toContain(TEXT.note); // agents see internal notes

    await post(jane, 'reply', { message: TEXT.reply, statusId: '' });
    expect((await thread()).at(-1)).toEqual({ type: 'response', event: null, posterName: 'Jane Roe', staffId: people.jane.id, userId: null, title: null, body: TEXT.reply });
    const answered = await ticket();
    expect(answered).toMatchObject({ statusId: 1, state: 'open', isAnswered: true });
    expect(answered.firstResponseAt).not.toBeNull();
    expect(answered.lastResponseAt).not.toBeNull();

    await act(jane, 'status', { statusId: '4', comment: TEXT.resolution });
    const resolved = await ticket();
    expect(resolved).toMatchObject({ statusId: 4, state: 'closed', staffId: people.jane.id, isAnswered: true });
    expect(resolved.closedAt).not.toBeNull();
    expect((await thread()).slice(-2)).toEqual([
      { type: 'event', event: 'closed', posterName: 'Jane Roe', staffId: people.jane.id, userId: null, title: null, body: 'Jane Roe closed the ticket as Resolved' },
      { type: 'note', event: null, posterName: 'Jane Roe', staffId: people.jane.id, userId: null, title: 'Resolution note', body: TEXT.resolution },
    ]);
    const after = await ticketPage(jane);
    expect(after.page).toMatch(/<span class="badge status status-closed">Resolved<\/span>/);
  });

  it('4. the ticket shows in Closed and no longer in Open', async () => {
    expect(await queueNumbers(jane, 'closed')).toContain(number);
    expect(await queueNumbers(jane, 'open')).not.toContain(number);
    expect(await queueNumbers(jane, 'mine')).not.toContain(number);
    expect(await queueNumbers(john, 'closed')).toContain(number);
    expect(await queueNumbers(john, 'open')).not.toContain(number);
    expect(await queueNumbers(john, 'open')).toContain(demoTicketNumber);
  });

  it('5. Karen checks the status with email and number: she sees the replies, not the internal or resolution notes', async () => {
    const karen = request.agent(t.http); // a new visit: no session from step 1
    const form = await html(karen, '/status');
    const res = await karen.post('/status').type('form').send({ _csrf: csrfFrom(form), email: 'karen@example.com', number });
    if (res.status !== 303) throw new Error(`POST /status answered ${res.status}:\n${res.text.slice(0, 3000)}`);
    expect(res.headers.location).toBe(`/tickets/${number}`);

    const page = await html(karen, `/tickets/${number}`);
    expect(page).toContain(`Ticket #${number}`);
    expect(page).toContain('Resolved');
    expect(page).toContain(TEXT.message);
    expect(page).toContain(TEXT.reply);
    expect(page).toContain('Jane Roe');
    for (const hidden of [TEXT.note, TEXT.noteTitle, TEXT.resolution, 'Resolution note', 'Internal note', 'entry-note', 'John Doe assigned']) {
      expect(page).not.toContain(hidden);
    }
    expect(page).toContain('Replying will reopen this ticket.');
    // Checking the status wrote nothing.
    expect((await thread()).map((e) => e.event ?? e.type)).toEqual(['message', 'created', 'topic_changed', 'priority_changed', 'assigned', 'note', 'response', 'closed', 'note']);

    // 6. Her reply reopens the ticket.
    const reply = await karen.post(`/tickets/${number}/reply`).field('_csrf', csrfFrom(page)).field('message', TEXT.karenReply);
    if (reply.status !== 303) throw new Error(`POST reply answered ${reply.status}:\n${reply.text.slice(0, 3000)}`);
    expect(reply.headers.location).toBe(`/tickets/${number}`);

    const reopened = await ticket();
    expect(reopened).toMatchObject({ statusId: 1, state: 'open', closedAt: null, isAnswered: false, staffId: people.jane.id, helpTopicId: 4, priorityId: 4 });
    expect(reopened.reopenedAt).not.toBeNull();
    expect((await thread()).slice(-2)).toEqual([
      { type: 'message', event: null, posterName: 'Karen', staffId: null, userId: people.karen.id, title: null, body: TEXT.karenReply },
      { type: 'event', event: 'reopened', posterName: 'Karen', staffId: null, userId: people.karen.id, title: null, body: 'Karen reopened the ticket (Resolved → Open)' },
    ]);

    const after = await html(karen, `/tickets/${number}`);
    expect(after).toMatch(/<span class="badge status status-open">Open<\/span>/);
    expect(after).toContain(TEXT.karenReply);
    expect(after).not.toContain(TEXT.resolution);

    expect(await queueNumbers(jane, 'open')).toContain(number);
    expect(await queueNumbers(jane, 'mine')).toEqual([number]);
    expect(await queueNumbers(jane, 'closed')).not.toContain(number);
    const staffView = await ticketPage(jane);
    expect(staffView.page).toContain('Karen reopened the ticket');
  });
});
