import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Clock } from '../../src/common/clock';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { PortalAccount, PortalAccountToken } from '../../src/portal-accounts/portal-accounts.entities';
import { SettingsService } from '../../src/settings/settings.service';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
const system = { type: 'system' as const, id: null, name: 'test', ip: null };
const PASSWORD = 'correct horse battery';

describe(`portal accounts (${testDbKind})`, () => {
  let t: TestApp;
  let now = new Date('2026-11-23T15:00:00Z');
  const mails = (to: string) => t.dataSource.getRepository(OutboxMail).find({ where: { toAddress: to }, order: { id: 'ASC' } });
  const linkIn = (text: string, path: string) => new RegExp(`http://[^/\\s]+(${path}/[A-Za-z0-9_-]+)`).exec(text)?.[1];
  const account = (email: string) => t.dataSource.getRepository(PortalAccount).createQueryBuilder('a').addSelect('a.passwordHash')
    .innerJoin('a.user', 'u').where('u.email = :email', { email }).getOne();
  const mode = (clientRegistration: string) => t.app.get(SettingsService).update(system, { clientRegistration });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(() => t.close());

  async function post(agent: Agent, page: string, path: string, fields: Record<string, string>) {
    const token = await formToken(agent, page);
    return agent.post(path).type('form').send({ _csrf: token, ...fields });
  }
  const register = (agent: Agent, fields: Record<string, string>) => post(agent, '/account/register', '/account/register', fields);
  const login = (agent: Agent, email: string, password: string) => post(agent, '/account/login', '/account/login', { email, password });

  it('offers no accounts in guests-only mode: the pages are 404 and the nav has no Sign In', async () => {
    const home = await request(t.http).get('/').expect(200);
    expect(home.text).not.toContain('/account/login');
    for (const path of ['/account/login', '/account/register', '/account/password-reset']) expect((await request(t.http).get(path)).status).toBe(404);
  });

  it('refuses a bad sign-up with 422, keeping email and name but never the password, with nothing written', async () => {
    await mode('public');
    const agent = request.agent(t.http);
    const users = await t.dataSource.getRepository(User).count();
    for (const [fields, message] of [
      [{ email: 'karen@example.com', name: 'Karen', password: 'short', confirm: 'short' }, 'Use at least 10 characters.'],
      [{ email: 'karen@example.com', name: 'Karen', password: PASSWORD, confirm: 'something else' }, 'The two passwords do not match.'],
      [{ email: 'not-an-email', name: 'Karen', password: PASSWORD, confirm: PASSWORD }, 'Enter a valid email address.'],
      [{ email: 'karen@example.com', name: '', password: PASSWORD, confirm: PASSWORD }, 'Full name is required.'],
    ] as const) {
      const res = await register(agent, fields);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).not.toContain(`value="${fields.password}"`);
    }
    expect(await t.dataSource.getRepository(User).count()).toBe(users);
    expect(await t.dataSource.getRepository(PortalAccount).count()).toBe(0);
  });

  it('signs up, confirms the address from the mailed link once (410 after), then signs in', async () => {
    const agent = request.agent(t.http);
    const res = await register(agent, { email: 'Karen@Example.com', name: 'Karen Kline', password: PASSWORD, confirm: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/registered');
    const row = await account('karen@example.com');
    expect(row).toMatchObject({ verifiedAt: null });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);

    // Not confirmed yet: the same refusal as a wrong password.
    const early = await login(request.agent(t.http), 'karen@example.com', PASSWORD);
    expect(early.status).toBe(422);
    expect(early.text).toContain('The email address or password is not right');

    const [mail] = await mails('karen@example.com');
    expect(mail.subject).toContain('Confirm your');
    const link = linkIn(mail.textBody, '/account/verify')!;
    const token = link.split('/').pop()!;
    expect(JSON.stringify(await t.dataSource.getRepository(PortalAccountToken).find())).not.toContain(token);

    const page = await agent.get(link).expect(200);
    expect(page.text).toContain('karen@example.com');
    expect((await account('karen@example.com'))!.verifiedAt).toBeNull(); // a GET changes nothing
    expect((await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(303);
    expect((await account('karen@example.com'))!.verifiedAt).not.toBeNull();
    expect((await agent.get(link)).status).toBe(410);
    expect((await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text) })).status).toBe(410);

    const signedIn = await login(agent, 'karen@example.com', PASSWORD);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/my-tickets');
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Signed in as <strong>karen@example.com</strong>');
    // A portal login is not a staff login.
    expect((await agent.get('/scp/tickets')).status).toBe(303);
  });

  it('answers a sign-up for an address with an account the same way, changing nothing and mailing a note', async () => {
    const before = (await account('karen@example.com'))!.passwordHash;
    const res = await register(request.agent(t.http), { email: 'karen@example.com', name: 'Mallory', password: 'another long pass', confirm: 'another long pass' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/registered');
    expect((await account('karen@example.com'))!.passwordHash).toBe(before);
    expect((await mails('karen@example.com')).pop()!.subject).toMatch(/Your .* account/);
  });

  it('refuses wrong passwords and unknown addresses with one generic message', async () => {
    for (const [email, password] of [['karen@example.com', 'wrong password!'], ['nobody@example.com', PASSWORD]]) {
      const res = await login(request.agent(t.http), email, password);
      expect(res.status).toBe(422);
      expect(res.text).toContain('The email address or password is not right, or the account is not confirmed yet.');
      expect(res.text).toContain(`value="${email}"`);
    }
  });

  it('resets a password by mail with the same answer for unknown addresses; the link works once and expires', async () => {
    const ask = (email: string) => post(request.agent(t.http), '/account/password-reset', '/account/password-reset', { email });
    const sent = (await mails('karen@example.com')).length;
    const unknown = await ask('nobody@example.com');
    const known = await ask('karen@example.com');
    expect([unknown.status, known.status]).toEqual([303, 303]);
    expect(unknown.headers.location).toBe(known.headers.location);
    expect(await mails('nobody@example.com')).toHaveLength(0);
    const mailsNow = await mails('karen@example.com');
    expect(mailsNow).toHaveLength(sent + 1);
    const link = linkIn(mailsNow[sent].textBody, '/account/password-reset')!;

    const agent = request.agent(t.http);
    const page = await agent.get(link).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const weak = await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'password', confirm: 'password' });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('Use at least 10 characters.');
    const done = await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'a brand new secret', confirm: 'a brand new secret' });
    expect(done.status).toBe(303);
    expect((await agent.get(link)).status).toBe(410);
    expect((await login(request.agent(t.http), 'karen@example.com', 'a brand new secret')).status).toBe(303);
    expect((await login(request.agent(t.http), 'karen@example.com', PASSWORD)).status).toBe(422);

    await ask('karen@example.com');
    const late = linkIn((await mails('karen@example.com')).pop()!.textBody, '/account/password-reset')!;
    now = new Date(now.getTime() + 31 * 60_000);
    const gone = await request(t.http).get(late);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('This link has expired or was already used.');
    expect((await request(t.http).get('/account/password-reset/not-a-real-token-at-all')).status).toBe(410);
  });

  it('lets an agent invite a user (audited); the invitation sets the password and the account can sign in', async () => {
    await mode('invite');
    expect((await request(t.http).get('/account/register')).status).toBe(404);
    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const bad = await post(admin, '/scp/portal-invitations', '/scp/portal-invitations', { email: 'nope', name: 'Jo' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="nope"');
    const res = await post(admin, '/scp/portal-invitations', '/scp/portal-invitations', { email: 'jo@example.com', name: 'Jo Park' });
    expect(res.status).toBe(303);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'portal_account.invited', targetLabel: 'jo@example.com' })).toBe(1);
    const link = linkIn((await mails('jo@example.com'))[0].textBody, '/account/invite')!;
    const agent = request.agent(t.http);
    const page = await agent.get(link).expect(200);
    expect((await agent.post(link).type('form').send({ _csrf: csrfFrom(page.text), password: 'jo has a long password', confirm: 'jo has a long password' })).status).toBe(303);
    expect((await agent.get(link)).status).toBe(410);
    expect((await login(agent, 'jo@example.com', 'jo has a long password')).status).toBe(303);
    // Not agents: the invitation page is staff-only.
    expect((await request(t.http).get('/scp/portal-invitations')).status).toBe(303);
  });
});
