import request from 'supertest';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { IsNull } from 'typeorm';
import { AccessLinksService } from '../../src/portal-access/access-links.service';
import { TicketAccessLink } from '../../src/portal-access/ticket-access-link.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const listed = (html: string) => [...html.matchAll(/<span class="ticket-collaborators">([^<]*)<\/span>/g)].map((m) => m[1]);

describe(`staff panel: ticket collaborators (${testDbKind})`, () => {
  let t: TestApp;
  let alice: Agent;
  let ticket: Ticket;
  const collaborators = async () => (await t.dataSource.getRepository(TicketCollaborator).find({ where: { ticketId: ticket.id }, relations: { user: true }, order: { userId: 'ASC' } })).map((c) => c.user.email);
  const events = async () => (await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId: ticket.id, type: 'event' }, order: { id: 'ASC' } }))
    .filter((e) => e.event?.startsWith('collaborator_')).map((e) => [e.event, e.body]);
  const snapshot = async () => ({ rows: await collaborators(), events: await events(), users: await t.dataSource.getRepository(User).count() });

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(StaffService).create({ username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Agent', password: 'alice-pass-123', departmentId: 1, roleId: 1 });
    ticket = await t.app.get(TicketIntakeService).open({ email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'Printer on fire', message: 'Help', source: 'web', uploads: [] });
    await t.app.get(UsersService).findOrCreate({ email: 'boss@example.com', name: 'Big Boss' });
    alice = await loginAgent(t.http, 'alice', 'alice-pass-123');
  });
  afterAll(() => t?.close());

  async function post(path: string, fields: Record<string, string>) {
    const token = await formToken(alice, `/scp/tickets/${ticket.id}`);
    return alice.post(path).type('form').send({ _csrf: token, ...fields });
  }

  it('shows the box with no collaborators yet', async () => {
    const page = await alice.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain('Nobody is copied on this ticket.');
    expect(page.text).toContain(`action="/scp/tickets/${ticket.id}/collaborators"`);
  });

  it('adds an existing user by email, with a thread event', async () => {
    const res = await post(`/scp/tickets/${ticket.id}/collaborators`, { email: 'BOSS@example.com', name: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/scp/tickets/${ticket.id}`);
    expect(await collaborators()).toEqual(['boss@example.com']);
    expect(await events()).toEqual([['collaborator_added', 'Alice Agent added Big Boss <boss@example.com> as a collaborator']]);
    const page = await alice.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(flashes(page.text)).toContain('success: Big Boss added as a collaborator.');
    expect(listed(page.text)).toEqual(['Big Boss &lt;boss@example.com&gt;']);
  });

  it('adds a new person by email and name, creating the user', async () => {
    const res = await post(`/scp/tickets/${ticket.id}/collaborators`, { email: 'new.person@example.org', name: 'New Person' });
    expect(res.status).toBe(303);
    expect(await t.dataSource.getRepository(User).findOneByOrFail({ email: 'new.person@example.org' })).toMatchObject({ name: 'New Person' });
    expect((await collaborators()).sort()).toEqual(['boss@example.com', 'new.person@example.org']);
  });

  it.each([
    ['a bad email', { email: 'nope', name: '' }, 'collaborator-email', 'Enter a valid email address.'],
    ['a new email without a name', { email: 'stranger@example.com', name: '' }, 'collaborator-name', 'No user has this email yet: enter their full name to add them.'],
    ['someone already copied', { email: 'boss@example.com', name: '' }, 'collaborator-email', 'Big Boss is already a collaborator.'],
    ['the ticket\'s own user', { email: 'karen@example.com', name: '' }, 'collaborator-email', 'Karen Kline opened this ticket; they already receive every reply.'],
  ])('refuses %s: 422 on the ticket page, box open, input kept, nothing written', async (_case, fields, id, message) => {
    const before = await snapshot();
    const res = await post(`/scp/tickets/${ticket.id}/collaborators`, fields);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, id)).toBe(message);
    expect(inputValue(res.text, 'collaborator-email')).toBe(fields.email);
    expect(res.text).toContain('<details class="action" id="action-collaborators" open>');
    expect(res.text).toContain('Printer on fire');
    expect(await snapshot()).toEqual(before);
  });

  it('removes a collaborator after confirmation, with a thread event; the user stays, their access links stop working', async () => {
    const boss = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'boss@example.com' });
    const links = t.app.get(AccessLinksService);
    const bossLink = await t.dataSource.transaction((m) => links.issue(m, ticket.id, boss.id));
    const page = await alice.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain(`action="/scp/tickets/${ticket.id}/collaborators/${boss.id}/remove" data-confirm="Stop copying Big Boss on this ticket?"`);
    const res = await post(`/scp/tickets/${ticket.id}/collaborators/${boss.id}/remove`, {});
    expect(res.status).toBe(303);
    expect(await collaborators()).toEqual(['new.person@example.org']);
    expect((await events()).at(-1)).toEqual(['collaborator_removed', 'Alice Agent removed Big Boss <boss@example.com> from the collaborators']);
    expect(await t.dataSource.getRepository(User).findOneBy({ id: boss.id })).not.toBeNull();
    expect((await links.check(bossLink)).status).toBe('revoked');
    expect((await request(t.http).get(`/tickets/access/${bossLink}`)).status).toBe(410);
    // Not (or no longer) a collaborator: 404, nothing written.
    const before = await snapshot();
    expect((await post(`/scp/tickets/${ticket.id}/collaborators/${boss.id}/remove`, {})).status).toBe(404);
    expect((await post(`/scp/tickets/${ticket.id}/collaborators/abc/remove`, {})).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('revokes every access link of the ticket after confirmation, with a thread event; another department\'s agent gets 404', async () => {
    const links = t.app.get(AccessLinksService);
    const karenLink = await t.dataSource.transaction((m) => links.issue(m, ticket.id, ticket.userId));
    expect((await request(t.http).get(`/tickets/access/${karenLink}`)).status).toBeLessThan(400);
    const page = await alice.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain(`action="/scp/tickets/${ticket.id}/collaborators/revoke-links" data-confirm=`);

    await t.app.get(StaffService).create({ username: 'sam', email: 'sam@example.com', firstName: 'Sam', lastName: 'Sales', password: 'sam-pass-1234', departmentId: 2, roleId: 1 });
    const sam = await loginAgent(t.http, 'sam', 'sam-pass-1234');
    const samToken = await formToken(sam, '/scp/tickets');
    expect((await sam.post(`/scp/tickets/${ticket.id}/collaborators/revoke-links`).type('form').send({ _csrf: samToken })).status).toBe(404);
    expect((await links.check(karenLink)).status).toBe('ok');

    // Our mails (the autoresponse) carried links too: every live one goes.
    const live = await t.dataSource.getRepository(TicketAccessLink).countBy({ ticketId: ticket.id, revokedAt: IsNull() });
    expect(live).toBeGreaterThanOrEqual(1);
    const res = await post(`/scp/tickets/${ticket.id}/collaborators/revoke-links`, {});
    expect(res.status).toBe(303);
    expect(flashes((await alice.get(res.headers.location).expect(200)).text)).toContain(live === 1 ? 'success: One access link revoked.' : `success: ${live} access links revoked.`);
    expect(await t.dataSource.getRepository(TicketAccessLink).countBy({ ticketId: ticket.id, revokedAt: IsNull() })).toBe(0);
    expect((await links.check(karenLink)).status).toBe('revoked');
    expect((await request(t.http).get(`/tickets/access/${karenLink}`)).status).toBe(410);
    const revokedEvents = await t.dataSource.getRepository(ThreadEntry).findBy({ ticketId: ticket.id, event: 'access_links_revoked' });
    expect(revokedEvents.map((e) => e.body)).toEqual([`Alice Agent revoked the ticket's access links (${live} live)`]);
  });
});
