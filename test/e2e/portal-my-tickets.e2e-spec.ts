import request from 'supertest';
import { In } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { hashPassword } from '../../src/common/password';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { AccessLinksService } from '../../src/portal-access/access-links.service';
import { PortalAccount } from '../../src/portal-accounts/portal-accounts.entities';
import { SettingsService } from '../../src/settings/settings.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
const system = { type: 'system' as const, id: null, name: 'test', ip: null };
const PASSWORD = 'a long enough password';

describe(`portal: My Tickets, collaborators, organizations, access links (${testDbKind})`, () => {
  let t: TestApp;
  let now = new Date('2026-11-23T15:00:00Z');
  const tickets: Record<string, Ticket> = {};

  async function open(email: string, name: string, subject: string): Promise<Ticket> {
    return t.app.get(TicketIntakeService).open({ email, name, phone: null, topicId: 1, subject, message: `About ${subject}`, source: 'web', uploads: [] });
  }
  async function withAccount(email: string): Promise<void> {
    const user = await t.dataSource.getRepository(User).findOneByOrFail({ email });
    await t.dataSource.getRepository(PortalAccount).insert({ userId: user.id, passwordHash: await hashPassword(PASSWORD), verifiedAt: now, createdAt: now, updatedAt: now });
  }
  async function signIn(email: string): Promise<Agent> {
    const agent = request.agent(t.http);
    const token = await formToken(agent, '/account/login');
    const res = await agent.post('/account/login').type('form').send({ _csrf: token, email, password: PASSWORD });
    expect(res.status).toBe(303);
    return agent;
  }
  const numbers = (html: string) => [...html.matchAll(/<td data-label="Ticket"><a href="[^"]+">#([^<]+)<\/a>/g)].map((m) => m[1]);

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
    await t.app.get(SettingsService).update(system, { clientRegistration: 'public' });
    tickets.karen1 = await open('karen@acme.test', 'Karen', 'Printer jam');
    tickets.karen2 = await open('karen@acme.test', 'Karen', 'VPN down');
    tickets.bob = await open('bob@acme.test', 'Bob', 'Badge reader');
    tickets.zoe = await open('zoe@other.test', 'Zoe', 'Shared drive');
    tickets.eve = await open('eve@other.test', 'Eve', 'Secret project');
    const users = t.dataSource.getRepository(User);
    const [karen, bob] = await Promise.all(['karen@acme.test', 'bob@acme.test'].map((email) => users.findOneByOrFail({ email })));
    // Karen collaborates on Zoe's ticket; Karen and Bob are in ACME.
    await t.dataSource.getRepository(TicketCollaborator).insert({ ticketId: tickets.zoe.id, userId: karen.id, addedAt: now });
    const acme = await t.dataSource.getRepository(Organization).save({ name: 'ACME', domains: 'acme.test', sharing: 'none', notes: null, createdAt: now, updatedAt: now });
    await users.update({ id: In([karen.id, bob.id]) }, { organizationId: acme.id });
    await t.dataSource.getRepository(Ticket).update({ id: tickets.karen1.id }, { state: 'closed', statusId: 4 });
    await withAccount('karen@acme.test');
    await withAccount('bob@acme.test');
  });
  afterAll(() => t.close());

  it('lists own and collaborated tickets, filtered by status and searched by number or subject', async () => {
    const karen = await signIn('karen@acme.test');
    const open = await karen.get('/my-tickets').expect(200);
    expect(numbers(open.text)).toEqual([tickets.zoe.number, tickets.karen2.number]);
    expect(open.text).toContain('from Zoe');
    expect(numbers((await karen.get('/my-tickets?status=closed').expect(200)).text)).toEqual([tickets.karen1.number]);
    expect(numbers((await karen.get('/my-tickets?status=all').expect(200)).text)).toEqual([tickets.zoe.number, tickets.karen2.number, tickets.karen1.number]);
    expect(numbers((await karen.get('/my-tickets?status=all&q=vpn').expect(200)).text)).toEqual([tickets.karen2.number]);
    expect(numbers((await karen.get(`/my-tickets?status=all&q=${tickets.karen1.number}`).expect(200)).text)).toEqual([tickets.karen1.number]);
    const none = await karen.get('/my-tickets?q=nothing-like-this').expect(200);
    expect(none.text).toContain('No ticket matches this filter.');
    // Not Bob's (sharing is off) nor Eve's.
    expect(open.text).not.toContain('Badge reader');
    expect((await karen.get(`/tickets/${tickets.bob.number}`)).status).toBe(404);
    expect((await karen.get(`/tickets/${tickets.eve.number}`)).status).toBe(404);
    // Without an account session the page sends to the sign-in form; a bad cursor is a 404.
    expect((await request(t.http).get('/my-tickets')).headers.location).toBe('/account/login');
    expect((await karen.get('/my-tickets?before=abc')).status).toBe(404);
  });

  it('pages by keyset: older tickets follow the last one shown', async () => {
    for (let i = 0; i < 26; i++) await open('paged@solo.test', 'Pat', `Paged ${i}`);
    await withAccount('paged@solo.test');
    const pat = await signIn('paged@solo.test');
    const first = await pat.get('/my-tickets').expect(200);
    expect(numbers(first.text)).toHaveLength(25);
    const next = /href="([^"]*)">Older tickets</.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(next).toMatch(/^\/my-tickets\?status=open&before=\d+$/);
    const second = await pat.get(next).expect(200);
    expect(numbers(second.text)).toHaveLength(1);
    expect(second.text).toContain('Paged 0');
    expect(second.text).not.toContain('Older tickets');
  });

  it("shows the organization's tickets when it shares them, and a colleague replies as themselves", async () => {
    await t.dataSource.getRepository(Organization).update({ name: 'ACME' }, { sharing: 'all' });
    const bob = await signIn('bob@acme.test');
    const list = await bob.get('/my-tickets?status=all').expect(200);
    expect(numbers(list.text)).toEqual(expect.arrayContaining([tickets.karen1.number, tickets.karen2.number, tickets.bob.number]));
    expect(numbers(list.text)).not.toContain(tickets.zoe.number);
    const page = await bob.get(`/tickets/${tickets.karen2.number}`).expect(200);
    const res = await bob.post(`/tickets/${tickets.karen2.number}/reply`).field('_csrf', csrfFrom(page.text)).field('message', 'Bob here, same problem.');
    expect(res.status).toBe(303);
    const entry = await t.dataSource.getRepository(ThreadEntry).findOneByOrFail({ ticketId: tickets.karen2.id, body: 'Bob here, same problem.' });
    expect(entry.posterName).toBe('Bob');
    await t.dataSource.getRepository(Organization).update({ name: 'ACME' }, { sharing: 'none' });
    expect((await bob.get(`/tickets/${tickets.karen2.number}`)).status).toBe(404);
  });

  it('lets a guest collaborator in with their own email and the number, and reply', async () => {
    const guest = request.agent(t.http);
    const token = await formToken(guest, '/status');
    const res = await guest.post('/status').type('form').send({ _csrf: token, email: 'karen@acme.test', number: tickets.zoe.number });
    expect(res.status).toBe(303);
    const page = await guest.get(`/tickets/${tickets.zoe.number}`).expect(200);
    await guest.post(`/tickets/${tickets.zoe.number}/reply`).field('_csrf', csrfFrom(page.text)).field('message', 'CC here.').expect(303);
    expect(await t.dataSource.getRepository(ThreadEntry).findOneByOrFail({ ticketId: tickets.zoe.id, body: 'CC here.' })).toMatchObject({ posterName: 'Karen' });
    // Bob is no participant: the same generic answer as a wrong number.
    const bob = await guest.post('/status').type('form').send({ _csrf: csrfFrom(page.text), email: 'bob@acme.test', number: tickets.zoe.number });
    expect(bob.status).toBe(404);
  });

  it('opens a ticket from an access link for that ticket only; expired and revoked links are 410, unknown 404', async () => {
    const links = t.app.get(AccessLinksService);
    const zoe = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'zoe@other.test' });
    const token = await t.dataSource.transaction((m) => links.issue(m, tickets.zoe.id, zoe.id));
    const guest = request.agent(t.http);
    const res = await guest.get(`/tickets/access/${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/tickets/${tickets.zoe.number}`);
    expect((await guest.get(`/tickets/${tickets.zoe.number}`)).status).toBe(200);
    // The link for Zoe's ticket never opens another one, even one of hers.
    const other = await open('zoe@other.test', 'Zoe', 'Second issue');
    expect((await guest.get(`/tickets/${other.number}`)).status).toBe(404);
    expect((await guest.get(`/tickets/${tickets.eve.number}`)).status).toBe(404);

    const unknown = await request(t.http).get('/tickets/access/AAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(unknown.text).not.toContain(tickets.zoe.number);
    await t.dataSource.transaction((m) => links.revokeForTicket(m, tickets.zoe.id));
    expect((await request(t.http).get(`/tickets/access/${token}`)).status).toBe(410);
    const late = await t.dataSource.transaction((m) => links.issue(m, tickets.zoe.id, zoe.id, 1));
    now = new Date(now.getTime() + 2 * 86_400_000);
    const expired = await request(t.http).get(`/tickets/access/${late}`);
    expect(expired.status).toBe(410);
    expect(expired.text).not.toContain(tickets.zoe.number);
  });

  it('"email me a link" mails links for a known address and answers everyone the same', async () => {
    const ask = async (email: string) => {
      const agent = request.agent(t.http);
      const token = await formToken(agent, '/status');
      return agent.post('/status/link').type('form').send({ _csrf: token, email });
    };
    const known = await ask('eve@other.test');
    const unknown = await ask('nobody@other.test');
    expect([known.status, unknown.status]).toEqual([303, 303]);
    // Her tickets' autoresponses went to her too: count only the links mail.
    const mails = (await t.dataSource.getRepository(OutboxMail).findBy({ toAddress: 'eve@other.test' })).filter((m) => m.subject.startsWith('Links to your tickets'));
    expect(mails).toHaveLength(1);
    const link = /\/tickets\/access\/[A-Za-z0-9_-]+/.exec(mails[0].textBody)![0];
    const guest = request.agent(t.http);
    expect((await guest.get(link)).headers.location).toBe(`/tickets/${tickets.eve.number}`);
    expect(await t.dataSource.getRepository(OutboxMail).countBy({ toAddress: 'nobody@other.test' })).toBe(0);
    const bad = await ask('not-an-address');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="not-an-address"');
  });

  it('lets the owner close their open ticket when the setting allows, not a collaborator', async () => {
    const karen = await signIn('karen@acme.test');
    expect((await karen.get(`/tickets/${tickets.karen2.number}`).expect(200)).text).not.toContain('Close This Ticket');
    await t.app.get(SettingsService).update(system, { usersMayCloseTickets: true });
    const page = await karen.get(`/tickets/${tickets.karen2.number}`).expect(200);
    expect(page.text).toContain('Close This Ticket');
    expect((await karen.post(`/tickets/${tickets.karen2.number}/close`).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    const closed = await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: tickets.karen2.id });
    expect(closed.state).toBe('closed');
    expect(await t.dataSource.getRepository(ThreadEntry).countBy({ ticketId: tickets.karen2.id, type: 'event', event: 'closed' })).toBe(1);
    // Karen collaborates on Zoe's ticket: she sees it, but may not close it.
    const zoePage = await karen.get(`/tickets/${tickets.zoe.number}`).expect(200);
    expect(zoePage.text).not.toContain('Close This Ticket');
    expect((await karen.post(`/tickets/${tickets.zoe.number}/close`).type('form').send({ _csrf: csrfFrom(zoePage.text) })).status).toBe(403);
    expect((await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: tickets.zoe.id })).state).toBe('open');
  });
});
