import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const userLinks = (html: string) => [...html.matchAll(/<td data-label="Name"><a href="\/scp\/users\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
const ticketSubjects = (html: string) => [...html.matchAll(/<td data-label="Subject"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
const unescape = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe(`staff panel: user directory (${testDbKind})`, () => {
  let t: TestApp;
  let alice: Agent;
  let dan: Agent;
  let admin: Agent;
  let karen: User;
  const users = () => t.dataSource.getRepository(User);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();
  const open = (subject: string, email = 'karen@example.com', name = 'Karen Kline') =>
    t.app.get(TicketIntakeService).open({ email, name, phone: '+1 555 0100', topicId: 1, subject, message: `About ${subject}`, source: 'web', uploads: [] });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    await staff.create({ username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Support', password: 'alice-pass-123', departmentId: 1, roleId: 1 });
    await staff.create({ username: 'dan', email: 'dan@example.com', firstName: 'Dan', lastName: 'Maint', password: 'dan-pass-1234', departmentId: 3, roleId: 1 });
    const adminRow = await t.dataSource.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    const adminScope = (await staff.scope(adminRow.id)) as AgentScope;
    await open('Support question');
    const moved = await open('Boiler broken');
    await t.app.get(TicketActionsService).transfer(adminScope, moved.id, 3, '');
    karen = await users().findOneByOrFail({ email: 'karen@example.com' });
    alice = await loginAgent(t.http, 'alice', 'alice-pass-123');
    dan = await loginAgent(t.http, 'dan', 'dan-pass-1234');
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t?.close());

  async function post(agent: Agent, path: string, fields: Record<string, string>) {
    const token = await formToken(agent, '/scp/users/new');
    return agent.post(path).type('form').send({ _csrf: token, ...fields });
  }

  it('shows the user to every agent, with only the tickets that agent may see', async () => {
    const asAlice = await alice.get(`/scp/users/${karen.id}`).expect(200);
    expect(asAlice.text).toContain('karen@example.com');
    expect(asAlice.text).toContain('+1 555 0100');
    expect(ticketSubjects(asAlice.text)).toEqual(['Support question']);
    expect(asAlice.text).not.toContain('Boiler broken');

    const asDan = await dan.get(`/scp/users/${karen.id}`).expect(200);
    expect(ticketSubjects(asDan.text)).toEqual(['Boiler broken']);
    expect(asDan.text).not.toContain('Support question');

    expect(ticketSubjects((await admin.get(`/scp/users/${karen.id}`).expect(200)).text)).toEqual(['Boiler broken', 'Support question']);
    expect((await alice.get('/scp/users/99999999')).status).toBe(404);
    expect((await alice.get('/scp/users/abc')).status).toBe(404);
  });

  it('pages a user\'s tickets newest first', async () => {
    for (let i = 0; i < 21; i++) await open(`Many ${i}`, 'many@example.com', 'Manny Tickets');
    const manny = await users().findOneByOrFail({ email: 'many@example.com' });
    const first = await alice.get(`/scp/users/${manny.id}`).expect(200);
    expect(ticketSubjects(first.text)).toHaveLength(20);
    expect(ticketSubjects(first.text)[0]).toBe('Many 20');
    const next = unescape(/href="([^"]+)" rel="next"/.exec(first.text)![1]);
    expect(ticketSubjects((await alice.get(next).expect(200)).text)).toEqual(['Many 0']);
    expect((await alice.get(`/scp/users/${manny.id}?before=x`)).status).toBe(404);
  });

  it('searches by the start of a name, an email or a phone number', async () => {
    await t.app.get(UsersService).findOrCreate({ email: 'zed@zulu.org', name: 'Zed Zulu', phone: '+44 20 7946 0000' });
    expect(userLinks((await alice.get('/scp/users?q=kar').expect(200)).text)).toEqual(['Karen Kline']);
    expect(userLinks((await alice.get('/scp/users?q=ZED@').expect(200)).text)).toEqual(['Zed Zulu']);
    expect(userLinks((await alice.get(`/scp/users?q=${encodeURIComponent('+44 20')}`).expect(200)).text)).toEqual(['Zed Zulu']);
    // A prefix, not "contains": the middle of a name finds nothing.
    const none = await alice.get('/scp/users?q=ulu').expect(200);
    expect(userLinks(none.text)).toEqual([]);
    expect(none.text).toContain('No user&#x27;s name starts with “ulu”.');
    // LIKE wildcards are taken literally.
    expect(userLinks((await alice.get('/scp/users?q=%25').expect(200)).text)).toEqual([]);
  });

  it('pages the directory and a search by keyset', async () => {
    for (let i = 0; i < 26; i++) await t.app.get(UsersService).findOrCreate({ email: `bulk${i}@example.net`, name: `Bulk ${String(i).padStart(2, '0')}` });
    const first = await alice.get('/scp/users?q=Bulk').expect(200);
    expect(userLinks(first.text)).toHaveLength(25);
    expect(userLinks(first.text)[0]).toBe('Bulk 00');
    const next = unescape(/href="([^"]+)" rel="next"/.exec(first.text)![1]);
    expect(userLinks((await alice.get(next).expect(200)).text)).toEqual(['Bulk 25']);
    const all = await alice.get('/scp/users').expect(200);
    expect(userLinks(all.text)[0]).toBe('Bulk 25'); // newest first without a search
    expect(all.text).toContain('href="/scp/portal-invitations"');
    expect((await alice.get('/scp/users?afterId=0')).status).toBe(404);
  });

  it('creates a user, who joins the organization listing their domain; audited', async () => {
    const repo = t.dataSource.getRepository(Organization);
    const org = await repo.save(repo.create({ name: 'Globex', domains: 'globex.com', sharing: 'none', notes: null, createdAt: new Date(), updatedAt: new Date() }));
    const res = await post(alice, '/scp/users', { email: 'Hank@Globex.com', name: ' Hank Scorpio ', phone: '555 0199' });
    expect(res.status).toBe(303);
    const hank = await users().findOneByOrFail({ email: 'hank@globex.com' });
    expect(hank).toMatchObject({ name: 'Hank Scorpio', phone: '555 0199', organizationId: org.id });
    expect(res.headers.location).toBe(`/scp/users/${hank.id}`);
    const page = await alice.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain('success: User Hank Scorpio created.');
    expect(page.text).toContain(`<a href="/scp/organizations/${org.id}">Globex</a>`);
    expect((await audits('user.created'))[0]).toMatchObject({ targetType: 'user', targetId: hank.id, after: { email: 'hank@globex.com', organizationId: org.id } });
  });

  it.each([
    ['an email in use (any case)', { email: 'KAREN@example.com', name: 'Other Karen' }, 'user-email', 'Another user has this email address.'],
    ['a bad email', { email: 'not-an-email', name: 'Someone' }, 'user-email', 'Enter a valid email address.'],
    ['no name', { email: 'new@example.com', name: '' }, 'user-name', 'Full name is required.'],
    ['a bad phone', { email: 'new@example.com', name: 'New', phone: 'call me' }, 'user-phone', 'Enter a phone number with digits, spaces and + ( ) - only.'],
  ])('refuses to create with %s: 422, input kept, nothing written', async (_case, fields, id, message) => {
    const before = { users: await users().count(), audits: await auditCount() };
    const res = await post(alice, '/scp/users', fields);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, id)).toBe(message);
    expect(inputValue(res.text, 'user-email')).toBe(fields.email);
    expect({ users: await users().count(), audits: await auditCount() }).toEqual(before);
  });

  it('edits contact details, audited with what changed; a taken email is a 422 with nothing written', async () => {
    const zed = await users().findOneByOrFail({ email: 'zed@zulu.org' });
    const taken = await post(alice, `/scp/users/${zed.id}`, { email: 'karen@example.com', name: 'Zed Z', phone: '' });
    expect(taken.status).toBe(422);
    expect(fieldError(taken.text, 'user-email')).toBe('Another user has this email address.');
    expect(inputValue(taken.text, 'user-name')).toBe('Zed Z');
    expect(taken.text).toContain('<details class="action" id="edit-contact" open>');
    expect(await users().findOneByOrFail({ id: zed.id })).toMatchObject({ email: 'zed@zulu.org', name: 'Zed Zulu' });

    const res = await post(alice, `/scp/users/${zed.id}`, { email: 'Zed@Zulu.ORG', name: 'Zed Z. Zulu', phone: '' });
    expect(res.status).toBe(303);
    expect(await users().findOneByOrFail({ id: zed.id })).toMatchObject({ email: 'zed@zulu.org', name: 'Zed Z. Zulu', phone: null });
    const [audit] = await audits('user.updated');
    expect(audit).toMatchObject({ targetId: zed.id, before: { name: 'Zed Zulu', phone: '+44 20 7946 0000' }, after: { name: 'Zed Z. Zulu', phone: null } });
    expect(Object.keys(audit.after!).sort()).toEqual(['name', 'phone']);
    expect((await post(alice, '/scp/users/99999999', { email: 'a@b.co', name: 'A' })).status).toBe(404);
  });

  it('answers the lookup with at most 10 users\' contact details and no tickets', async () => {
    const res = await alice.get('/scp/users/lookup?q=bulk').expect(200);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.users).toHaveLength(10);
    expect(res.body.users[0]).toEqual({ id: expect.any(Number), name: 'Bulk 00', email: 'bulk0@example.net', phone: null });
    // A name prefix also finds emails that start with it.
    expect((await alice.get('/scp/users/lookup?q=hank').expect(200)).body.users.map((u: { email: string }) => u.email)).toEqual(['hank@globex.com']);
    const karenOnly = await dan.get('/scp/users/lookup?q=karen@').expect(200);
    expect(karenOnly.body).toEqual({ users: [{ id: karen.id, name: 'Karen Kline', email: 'karen@example.com', phone: '+1 555 0100' }] });
    expect(JSON.stringify(karenOnly.body)).not.toMatch(/Support question|Boiler/);
    expect((await alice.get('/scp/users/lookup?q=k').expect(200)).body).toEqual({ users: [] });
    expect((await alice.get('/scp/users/lookup?q[]=x').expect(200)).body).toEqual({ users: [] });
    expect((await request(t.http).get('/scp/users/lookup?q=karen')).status).toBe(303);
  });
});
