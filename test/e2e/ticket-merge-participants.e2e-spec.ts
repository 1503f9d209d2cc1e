import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/common/password';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { AccessLinksService } from '../../src/portal-access/access-links.service';
import { PortalAccount } from '../../src/portal-accounts/portal-accounts.entities';
import { SettingsService } from '../../src/settings/settings.service';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { ThreadService } from '../../src/threads/thread.service';
import { TicketLink } from '../../src/ticket-links/ticket-links.entities';
import { TicketMergeService } from '../../src/ticket-links/ticket-merge.service';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;
const PASSWORD = 'a long enough password';
const system = { type: 'system' as const, id: null, name: 'test', ip: null };
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const numbers = (html: string) => [...html.matchAll(/<td data-label="Ticket"><a href="[^"]+">#([^<]+)<\/a>/g)].map((m) => m[1]);

/**
 * Merging brings the merged tickets' people along: owners and collaborators become collaborators of the
 * survivor, so they find it in the portal and get its replies by mail; the merged ticket's page points there.
 */
describe(`ticket merge: the merged tickets' people follow to the survivor (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let sink: SmtpSink;
  let johnAgent: Agent;
  let johnScope: AgentScope;
  const people: Record<string, User> = {};

  const open = (email: string, name: string, subject: string) =>
    t.app.get(TicketIntakeService).open({ email, name, phone: null, topicId: 1, subject, message: `Message about ${subject}`, source: 'web', uploads: [] });
  const user = (email: string) => db.getRepository(User).findOneByOrFail({ email });
  const copy = (ticket: Ticket, ...users: User[]) =>
    db.getRepository(TicketCollaborator).insert(users.map((u) => ({ ticketId: ticket.id, userId: u.id, addedAt: new Date('2026-01-01T00:00:00Z') })));
  const collaborators = async (ticketId: number) =>
    (await db.getRepository(TicketCollaborator).find({ where: { ticketId }, relations: { user: true }, order: { addedAt: 'ASC', userId: 'ASC' } })).map((c) => c.user.email);
  const collaboratorEvents = (ticketId: number) => db.getRepository(ThreadEntry).find({ where: { ticketId, event: 'collaborator_added' }, order: { id: 'ASC' } });
  async function merge(survivor: Ticket, numbersToMerge: string): Promise<request.Response> {
    const token = await formToken(johnAgent, '/scp/tickets');
    return johnAgent.post(`/scp/tickets/${survivor.id}/merge`).type('form').send({ _csrf: token, lastEntryId: await newestEntryId(db, survivor.id), tickets: numbersToMerge });
  }
  async function signIn(email: string): Promise<Agent> {
    const agent = request.agent(t.http);
    const token = await formToken(agent, '/account/login');
    expect((await agent.post('/account/login').type('form').send({ _csrf: token, email, password: PASSWORD })).status).toBe(303);
    return agent;
  }
  async function guestByLink(ticket: Ticket, who: User): Promise<Agent> {
    const token = await db.transaction((m) => t.app.get(AccessLinksService).issue(m, ticket.id, who.id));
    const guest = request.agent(t.http);
    expect((await guest.get(`/tickets/access/${token}`)).headers.location).toBe(`/tickets/${ticket.number}`);
    return guest;
  }
  async function deliver(): Promise<ReceivedMail[]> {
    await t.app.get(MailDeliveryService).deliverDue();
    return sink.takeNew();
  }

  let survivor: Ticket;
  let dupe1: Ticket;
  let dupe2: Ticket;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: sink.url, PUBLIC_URL: 'https://help.example.com' });
    db = t.dataSource;
    await t.app.get(SettingsService).update(system, { clientRegistration: 'public' });
    const staff = t.app.get(StaffService);
    const john = await staff.create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-1234', departmentId: 1, roleId: 1 });
    johnScope = (await staff.scope(john.id))!;
    johnAgent = await loginAgent(t.http, 'john', 'john-pass-1234');

    // Karen's ticket copies Carol; Bob's copies Dave, Karen and Carol; Karen's second one copies Dave.
    survivor = await open('karen@example.com', 'Karen Kline', 'Mobile banking is down');
    dupe1 = await open('bob@example.com', 'Bob Best', 'Banking app broken');
    dupe2 = await open('karen@example.com', 'Karen Kline', 'Cannot log in to the app');
    for (const [email, name] of [['carol@example.com', 'Carol Cole'], ['dave@example.com', 'Dave Dunn']]) await t.app.get(UsersService).findOrCreate({ email, name });
    for (const email of ['karen@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']) people[email.split('@')[0]] = await user(email);
    await copy(survivor, people.carol);
    await copy(dupe1, people.dave, people.karen, people.carol);
    await copy(dupe2, people.dave);
    const now = new Date();
    await db.getRepository(PortalAccount).insert({ userId: people.bob.id, passwordHash: await hashPassword(PASSWORD), verifiedAt: now, createdAt: now, updatedAt: now });
    await deliver(); // the autoresponses and alerts of the three new tickets
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it('writes nothing when the merge fails after the people were copied', async () => {
    const threads = (t.app.get(TicketMergeService) as unknown as { threads: ThreadService }).threads;
    const original = threads.appendEvent.bind(threads);
    const spy = jest.spyOn(threads, 'appendEvent').mockImplementation(async (m, e) => {
      if (e.event === 'collaborator_added') throw new Error('disk full');
      return original(m, e);
    });
    try {
      await expect(t.app.get(TicketMergeService).merge(johnScope, survivor.id, [dupe1.number, dupe2.number])).rejects.toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(await collaborators(survivor.id)).toEqual(['carol@example.com']);
    expect(await db.getRepository(TicketLink).count()).toBe(0);
    expect((await db.getRepository(Ticket).findOneByOrFail({ id: dupe1.id })).state).toBe('open');
    expect(await db.getRepository(ThreadEntry).countBy({ ticketId: survivor.id, event: 'merged' })).toBe(0);
  });

  it("copies the merged tickets' owners and collaborators on the survivor, each once, never its own owner, with one event", async () => {
    expect((await merge(survivor, `${dupe1.number}, ${dupe2.number}`)).status).toBe(303);
    // A merge resolves nothing: no "Resolved" notice about the merged tickets goes out.
    const subjects = (await deliver()).map((m) => m.subject);
    expect(subjects.filter((s) => s.includes(dupe1.number) || s.includes(dupe2.number))).toEqual([]);

    expect(await collaborators(survivor.id)).toEqual(['carol@example.com', 'bob@example.com', 'dave@example.com']);
    const [event] = await collaboratorEvents(survivor.id);
    expect(event).toMatchObject({
      type: 'event', posterName: 'John Doe',
      body: 'John Doe added 2 collaborators from the merged tickets: Bob Best <bob@example.com>, Dave Dunn <dave@example.com>',
      data: { count: 2, userIds: `${people.bob.id},${people.dave.id}`, from: `${dupe1.id},${dupe2.id}` },
    });
    expect(await collaboratorEvents(survivor.id)).toHaveLength(1);
    // The merged tickets keep their own people (their pages still open for them).
    expect(await collaborators(dupe1.id)).toEqual(['karen@example.com', 'carol@example.com', 'dave@example.com']);
    const page = (await johnAgent.get(`/scp/tickets/${survivor.id}`).expect(200)).text;
    expect(page).toContain('John Doe added 2 collaborators from the merged tickets');
  });

  it("shows the survivor in a merged ticket owner's My Tickets, and their merged ticket points there", async () => {
    const bob = await signIn('bob@example.com');
    expect(numbers((await bob.get('/my-tickets').expect(200)).text)).toEqual([survivor.number]);
    expect(numbers((await bob.get('/my-tickets?status=closed').expect(200)).text)).toEqual([dupe1.number]);

    const merged = (await bob.get(`/tickets/${dupe1.number}`).expect(200)).text;
    expect(merged).toContain(`This ticket was merged into <a href="/tickets/${survivor.number}">ticket #${survivor.number}</a>; the conversation continues there.`);
    expect(merged).not.toContain('Post a Reply');
    const there = (await bob.get(`/tickets/${survivor.number}`).expect(200)).text;
    expect(there).toContain('Message about Banking app broken');
    expect(there).toContain('Post a Reply');
  });

  it('refuses a portal reply to the merged ticket, which stays closed with nothing written', async () => {
    const bob = await signIn('bob@example.com');
    const page = (await bob.get(`/tickets/${survivor.number}`).expect(200)).text;
    const before = await db.getRepository(ThreadEntry).count();
    const res = await bob.post(`/tickets/${dupe1.number}/reply`).field('_csrf', csrfFrom(page)).field('message', 'Any news?');
    expect(res.status).toBe(303);
    expect(flashes((await bob.get(res.headers.location).expect(200)).text)).toEqual(['error: This ticket was merged into another ticket; please reply there.']);
    expect(await db.getRepository(ThreadEntry).count()).toBe(before);
    expect((await db.getRepository(Ticket).findOneByOrFail({ id: dupe1.id })).state).toBe('closed');
  });

  it("lets a guest who came by the merged ticket's link on to the survivor, but only while they take part in it", async () => {
    const dave = await guestByLink(dupe1, people.dave);
    expect((await dave.get(`/tickets/${survivor.number}`)).status).toBe(404); // not proved yet
    const merged = (await dave.get(`/tickets/${dupe1.number}`).expect(200)).text;
    expect(merged).toContain(`<a href="/tickets/${survivor.number}">ticket #${survivor.number}</a>`);
    expect((await dave.get(`/tickets/${survivor.number}`).expect(200)).text).toContain('Message about Cannot log in to the app');

    // Carol copied on the merged ticket only through a later removal from the survivor: no number, no way in.
    await db.getRepository(TicketCollaborator).delete({ ticketId: survivor.id, userId: people.carol.id });
    const carol = await guestByLink(dupe1, people.carol);
    const hidden = (await carol.get(`/tickets/${dupe1.number}`).expect(200)).text;
    expect(hidden).toContain('This ticket was merged into another ticket; the conversation continues there.');
    expect(hidden).not.toContain(`#${survivor.number}`);
    expect((await carol.get(`/tickets/${survivor.number}`)).status).toBe(404);
    await copy(survivor, people.carol);
  });

  it('mails an agent reply on the survivor to its owner and every collaborator, the new ones included', async () => {
    await deliver(); // anything queued since
    await t.app.get(TicketActionsService).reply(johnScope, survivor.id, { message: 'The app is fixed.', statusId: null, uploads: [] });
    const arrived = await deliver();
    expect(arrived.flatMap((m) => m.envelopeTo).sort()).toEqual(['bob@example.com', 'carol@example.com', 'dave@example.com', 'karen@example.com']);
    for (const mail of arrived) expect(mail.subject).toBe(`Re: [#${survivor.number}] Mobile banking is down`);
  });
});
