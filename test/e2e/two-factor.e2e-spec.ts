import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { DataSource, IsNull, Like, Not } from 'typeorm';
import { SESSION_COOKIE } from '../../src/app.setup';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { LoginThrottle } from '../../src/auth/login-throttle.entity';
import { Clock } from '../../src/common/clock';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { AgentScope } from '../../src/tickets/ticket-access';
import { SecretCipher } from '../../src/two-factor/secret-cipher';
import { StaffRecoveryCode } from '../../src/two-factor/staff-recovery-code.entity';
import { StaffTwoFactor } from '../../src/two-factor/staff-two-factor.entity';
import { TwoFactorVerifier } from '../../src/two-factor/two-factor-verifier';
import { TwoFactorService } from '../../src/two-factor/two-factor.service';
import { createTestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const PASSWORD = 'agent-pass-1234';
const PAGE = '/scp/profile/two-factor';
const STEP = '/scp/login/two-factor';
const GENERIC = 'That code did not work, or the account is locked.';
const RECOVERY_CODE = /^[2-9a-km-np-z]{4}-[2-9a-km-np-z]{4}-[2-9a-km-np-z]{2}$/;

/** The value of the session cookie a response sets (the signed session id), or null. */
function sessionCookie(res: request.Response): string | null {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie ? cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] : null;
}
/** The session id inside a signed cookie value ("s:<sid>.<signature>", URL-encoded). */
const sidOf = (cookie: string) => decodeURIComponent(cookie).slice(2).split('.')[0];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const recoveryCodesOn = (html: string) => [...html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);

describe(`two-factor login (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let ana: Staff;
  let admin: AgentScope;
  /** The fake clock's time: codes are made for it, and moving it is how a test lets time pass. */
  let now: number;
  let base32 = '';
  let recoveryCodes: string[] = [];
  /** Ana's signed-in agent (set up, then logged in again through both steps). */
  let signedIn: Agent;

  const codeAt = (ms = now) => TOTP.generate({ secret: Secret.fromBase32(base32), timestamp: ms });
  /** A 6-digit code that is not right for any step within the window. */
  const wrongCode = () => {
    const near = [-30_000, 0, 30_000].map((d) => codeAt(now + d));
    let code = 100000;
    while (near.includes(String(code))) code++;
    return String(code);
  };
  const nextStep = () => (now += 30_000);
  const twoFactorRow = () => db.getRepository(StaffTwoFactor).findOneBy({ staffId: ana.id });
  const audits = (action: string) => db.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const throttle = (key: string) => db.getRepository(LoginThrottle).findOneBy({ key });
  const logins = () => db.getRepository(AuditEvent).find({ where: { action: 'auth.login_succeeded', actorId: ana.id }, order: { id: 'ASC' } });
  /** Ana's secret as the service decrypts it, in base32. */
  const decryptedSecret = async () => new Secret({ buffer: Uint8Array.from((await t.app.get(TwoFactorVerifier).load(ana.id))!.secret).buffer }).base32;

  async function post(agent: Agent, path: string, fields: Record<string, string>, tokenFrom = path): Promise<request.Response> {
    const token = await formToken(agent, tokenFrom);
    return agent.post(path).type('form').send({ _csrf: token, ...fields });
  }

  /** The password step: returns the agent, now holding a pending second step, and the POST's answer. */
  async function password(next?: string): Promise<{ agent: Agent; res: request.Response }> {
    const agent = request.agent(t.http);
    const res = await post(agent, '/scp/login', { username: 'ana', password: PASSWORD, ...(next ? { next } : {}) });
    return { agent, res };
  }

  async function secondStep(agent: Agent, fields: Record<string, string>): Promise<request.Response> {
    return post(agent, STEP, fields);
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    // Mid-step, so a test that does not move the clock stays inside one 30-second step.
    now = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    ana = await t.app.get(StaffService).create({ username: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', password: PASSWORD, departmentId: 1, roleId: 1 });
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    admin = (await t.app.get(StaffService).scope(adminRow.id))!;
  });
  afterAll(() => t?.close());

  it('is off by default, and only signed-in agents reach the page', async () => {
    const visitor = await request(t.http).get(PAGE);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe(`/scp/login?next=${encodeURIComponent(PAGE)}`);
    expect((await request(t.http).post(`${PAGE}/setup`)).status).toBe(403); // no CSRF token without a session

    signedIn = await loginAgent(t.http, 'ana', PASSWORD);
    const page = await signedIn.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Off');
    expect(page.text).toContain('Set up two-factor login');
  });

  it('sets up: a QR code, the key and the otpauth URI; nothing changes at login until a code confirms it', async () => {
    const res = await post(signedIn, `${PAGE}/setup`, {}, PAGE);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(PAGE);

    const page = await signedIn.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toMatch(/<img class="two-factor-qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/&#x;]+"/);
    const key = /<code class="two-factor-key">([A-Z2-7 ]+)<\/code>/.exec(page.text)![1];
    expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    base32 = key.replace(/ /g, '');
    const uri = new URL(/<code class="two-factor-uri">([^<]+)<\/code>/.exec(page.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    expect(uri.searchParams.get('secret')).toBe(base32);
    expect(uri.searchParams.get('issuer')).toBe(t.config.helpdeskName);
    expect(decodeURIComponent(uri.pathname)).toContain('ana@example.com');

    // The page shows what the service decrypts, and the row holds it only encrypted.
    const enrolment = await t.app.get(TwoFactorVerifier).load(ana.id);
    expect(Secret.fromBase32(base32).bytes).toEqual(Uint8Array.from(enrolment!.secret));
    const row = (await twoFactorRow())!;
    expect(row.enabledAt).toBeNull();
    expect(row.secretEncrypted).not.toContain(base32);
    expect(row.secretEncrypted.toUpperCase()).not.toContain(base32);
    expect(row.secretEncrypted).not.toContain(enrolment!.secret.toString('hex'));
    expect(row.secretEncrypted).not.toContain(enrolment!.secret.toString('base64'));

    // Pending: the password alone still logs in.
    const { res: login } = await password();
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/scp/tickets');
  });

  it('refuses a wrong or missing code with 422 and turns nothing on', async () => {
    const wrong = await post(signedIn, `${PAGE}/confirm`, { code: wrongCode() }, PAGE);
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That code is not right (or was already used).');
    expect(wrong.text).toContain('data:image/svg+xml;base64,'); // still the set-up page, with the QR code
    const missing = await post(signedIn, `${PAGE}/confirm`, { code: '' }, PAGE);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('Enter the 6-digit code from your app.');
    const typed = await post(signedIn, `${PAGE}/confirm`, { code: '12ab' }, PAGE);
    expect(typed.status).toBe(422);
    expect(typed.text).toContain('value="12ab"');

    expect((await twoFactorRow())!.enabledAt).toBeNull();
    expect(await db.getRepository(StaffRecoveryCode).countBy({ staffId: ana.id })).toBe(0);
    expect(await audits('auth.two_factor_enabled')).toHaveLength(0);
  });

  it('turns on with a current code and shows ten recovery codes once, stored only as hashes', async () => {
    const res = await post(signedIn, `${PAGE}/confirm`, { code: codeAt() }, PAGE);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('class="secret-once recovery-codes"');
    recoveryCodes = recoveryCodesOn(res.text);
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
    expect(new Set(recoveryCodes).size).toBe(10);

    const row = (await twoFactorRow())!;
    expect(row.enabledAt).not.toBeNull();
    expect(row.lastUsedStep).toBe(Math.floor(now / 30_000));
    const stored = await db.getRepository(StaffRecoveryCode).findBy({ staffId: ana.id });
    expect(stored.map((r) => r.codeHash).sort()).toEqual(
      recoveryCodes.map((c) => createHash('sha256').update(c.replace(/-/g, '')).digest('hex')).sort(),
    );
    const dump = JSON.stringify(await db.query('SELECT * FROM staff_recovery_codes')) + JSON.stringify(await db.query('SELECT * FROM staff_two_factor'));
    const sessions = JSON.stringify(await db.query('SELECT data FROM sessions'));
    for (const code of recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replace(/-/g, ''));
      expect(sessions).not.toContain(code);
    }
    expect(dump).not.toContain(base32);
    expect(sessions).not.toContain(base32);

    const [event] = await audits('auth.two_factor_enabled');
    expect(event).toMatchObject({ actorType: 'staff', actorId: ana.id, targetType: 'staff', targetId: ana.id });

    const page = await signedIn.get(PAGE);
    expect(page.text).toContain('10 of 10 recovery codes left.');
    for (const code of recoveryCodes) expect(page.text).not.toContain(code);
    expect(page.text).not.toContain('two-factor-key');
  });

  it('then a right password alone does not log in: it opens the second step, under a new session id', async () => {
    await db.getRepository(Staff).update({ id: ana.id }, { lastLoginAt: null });
    const loginsBefore = (await logins()).length;
    const agent = request.agent(t.http);
    const form = await agent.get('/scp/login');
    const before = sessionCookie(form)!;
    const res = await agent.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'ana', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(STEP);
    const after = sessionCookie(res);
    expect(after).not.toBeNull();
    expect(sidOf(after!)).not.toBe(sidOf(before));

    const tickets = await agent.get('/scp/tickets');
    expect(tickets.status).toBe(303);
    expect(tickets.headers.location).toMatch(/^\/scp\/login/);
    expect((await agent.get(PAGE)).status).toBe(303);

    const step = await agent.get(STEP);
    expect(step.status).toBe(200);
    expect(step.text).toContain('Authentication code');
    expect(step.text).toContain('Use a recovery code');
    expect(step.text).not.toContain('Signed in as');
    // The login is not complete: no last login, no `auth.login_succeeded`, no login time in the session.
    expect((await db.getRepository(Staff).findOneByOrFail({ id: ana.id })).lastLoginAt).toBeNull();
    expect(await logins()).toHaveLength(loginsBefore);
    const [pending] = await db.query('SELECT data FROM sessions WHERE sid = ?', [sidOf(sessionCookie(res)!)]) as { data: string }[];
    expect(JSON.parse(pending.data)).not.toHaveProperty('loggedInAt');
  });

  it('refuses a wrong code with one generic 401, counted by the throttle and audited', async () => {
    const loginsBefore = (await logins()).length;
    const { agent } = await password();
    const res = await secondStep(agent, { code: wrongCode() });
    expect(res.status).toBe(401);
    expect(res.text).toContain(GENERIC);
    expect(await throttle(`two-factor:${ana.id}`)).toMatchObject({ failures: 1 });
    const addresses = await db.getRepository(LoginThrottle).findBy({ key: Like('ip:%') });
    expect(addresses.map((row) => row.failures)).toEqual([3]); // two wrong set-up codes earlier, and this one
    const [event] = await audits('auth.two_factor_failed');
    expect(event).toMatchObject({ actorId: ana.id, after: { method: 'code', reason: 'wrong_code' } });
    expect((await agent.get('/scp/tickets')).status).toBe(303);
    expect(await logins()).toHaveLength(loginsBefore);

    // Nothing typed: asked again (422), not counted.
    const empty = await secondStep(agent, { code: '', recoveryCode: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Enter the 6-digit code from your app, or one of your recovery codes.');
    expect(await throttle(`two-factor:${ana.id}`)).toMatchObject({ failures: 1 });
  });

  it('logs in with a right code: a new session id, on to `next`, the wrong-code count cleared', async () => {
    nextStep();
    const { agent, res: pw } = await password('/scp/tickets?queue=mine');
    const pendingSid = sidOf(sessionCookie(pw)!);
    const res = await secondStep(agent, { code: codeAt() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/tickets?queue=mine');
    const loggedInSid = sidOf(sessionCookie(res)!);
    expect(loggedInSid).not.toBe(pendingSid);
    expect(await db.query('SELECT sid FROM sessions WHERE sid = ?', [pendingSid])).toHaveLength(0);
    // Complete now, before any staff page: the login time, the last login and the audit record.
    const [session] = await db.query('SELECT data FROM sessions WHERE sid = ?', [loggedInSid]) as { data: string }[];
    expect(JSON.parse(session.data)).toMatchObject({ loggedInAt: now, passport: { user: ana.id } });
    expect((await db.getRepository(Staff).findOneByOrFail({ id: ana.id })).lastLoginAt).toEqual(new Date(now));
    expect((await logins()).at(-1)).toMatchObject({ actorId: ana.id, after: { secondFactor: 'code' } });
    expect((await agent.get('/scp/tickets')).status).toBe(200);
    expect(await throttle(`two-factor:${ana.id}`)).toBeNull();
    // The pending step is gone with the old session.
    expect((await agent.get(STEP)).headers.location).toBe('/scp/login');
    signedIn = agent;
  });

  it('refuses the same code again within its step (replay), and takes the next step’s code', async () => {
    const used = codeAt();
    const { agent } = await password();
    const replay = await secondStep(agent, { code: used });
    expect(replay.status).toBe(401);
    expect(replay.text).toContain(GENERIC);
    nextStep();
    // CASE: the used code is still inside the ±1 window, but its step is spent.
    const stale = await secondStep(agent, { code: used });
    expect(stale.status).toBe(401);
    const fresh = await secondStep(agent, { code: codeAt() });
    expect(fresh.status).toBe(303);
    expect(fresh.headers.location).toBe('/scp/tickets');
  });

  it('takes a recovery code once (any case, with spaces), then never again', async () => {
    const code = recoveryCodes[0];
    const first = await password();
    const res = await secondStep(first.agent, { code: '', recoveryCode: ` ${code.toUpperCase().replace(/-/g, ' ')} ` });
    expect(res.status).toBe(303);
    expect((await first.agent.get('/scp/tickets')).status).toBe(200);
    const [event] = await audits('auth.recovery_code_used');
    expect(event).toMatchObject({ actorId: ana.id, after: { remaining: 9 } });
    expect((await logins()).at(-1)).toMatchObject({ actorId: ana.id, after: { secondFactor: 'recovery_code' } });
    expect(await db.getRepository(StaffRecoveryCode).countBy({ staffId: ana.id, usedAt: Not(IsNull()) })).toBe(1);

    const again = await password();
    const refused = await secondStep(again.agent, { recoveryCode: code });
    expect(refused.status).toBe(401);
    expect(refused.text).toContain(GENERIC);
    expect((await again.agent.get('/scp/tickets')).status).toBe(303);
    expect((await audits('auth.two_factor_failed')).at(-1)).toMatchObject({ after: { method: 'recovery_code', reason: 'wrong_code' } });
    expect((await signedIn.get(PAGE)).text).toContain('9 of 10 recovery codes left.');
  });

  it('locks after five wrong codes like passwords do: even the right code is refused until the lock ends', async () => {
    await db.getRepository(LoginThrottle).clear();
    const { agent } = await password();
    for (let i = 0; i < 5; i++) expect((await secondStep(agent, { code: wrongCode() })).status).toBe(401);
    expect((await throttle(`two-factor:${ana.id}`))!.lockedUntil).not.toBeNull();
    expect(await audits('auth.locked_out')).toEqual([expect.objectContaining({ actorId: ana.id, after: { locked: 'account', minutes: 15 } })]);

    nextStep();
    const locked = await secondStep(agent, { code: codeAt() });
    expect(locked.status).toBe(401);
    expect(locked.text).toContain(GENERIC);
    // A right password does not reset the count of wrong codes.
    const again = await password();
    expect((await secondStep(again.agent, { code: codeAt() })).status).toBe(401);

    now += 16 * 60_000;
    const later = await password();
    expect((await secondStep(later.agent, { code: codeAt() })).status).toBe(303);
  });

  it('expires the pending step after five minutes', async () => {
    nextStep();
    const { agent } = await password();
    const token = await formToken(agent, STEP);
    now += 5 * 60_000 + 1_000;
    const res = await agent.post(STEP).type('form').send({ _csrf: token, code: codeAt() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/login');
    const login = await agent.get('/scp/login');
    expect(flashes(login.text)).toEqual(['info: The login took too long. Please log in again.']);
    expect((await agent.get('/scp/tickets')).status).toBe(303);
    expect((await agent.get(STEP)).headers.location).toBe('/scp/login');
  });

  it('makes new recovery codes against a current code; the old ones stop working', async () => {
    nextStep();
    const wrong = await post(signedIn, `${PAGE}/recovery-codes`, { code: wrongCode() }, PAGE);
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('That code is not right');
    const missing = await post(signedIn, `${PAGE}/recovery-codes`, {}, PAGE);
    expect(missing.status).toBe(422);
    expect(await audits('auth.recovery_codes_regenerated')).toHaveLength(0);

    const res = await post(signedIn, `${PAGE}/recovery-codes`, { code: codeAt() }, PAGE);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const fresh = recoveryCodesOn(res.text);
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => recoveryCodes.includes(c))).toEqual([]);
    expect(await db.getRepository(StaffRecoveryCode).countBy({ staffId: ana.id })).toBe(10);
    expect(await audits('auth.recovery_codes_regenerated')).toHaveLength(1);

    const old = await password();
    expect((await secondStep(old.agent, { recoveryCode: recoveryCodes[1] })).status).toBe(401);
    recoveryCodes = fresh;
  });

  it('turns off only with the password and a code (or a recovery code)', async () => {
    await db.getRepository(LoginThrottle).clear();
    nextStep();
    const noPassword = await post(signedIn, `${PAGE}/disable`, { password: '', code: codeAt() }, PAGE);
    expect(noPassword.status).toBe(422);
    expect(noPassword.text).toContain('Enter your password.');
    const wrongPassword = await post(signedIn, `${PAGE}/disable`, { password: 'not-the-password', code: codeAt() }, PAGE);
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.text).toContain('That password is not right.');
    expect(wrongPassword.text).not.toContain('not-the-password');
    const noCode = await post(signedIn, `${PAGE}/disable`, { password: PASSWORD, code: '', recoveryCode: '' }, PAGE);
    expect(noCode.status).toBe(422);
    expect(noCode.text).toContain('Enter the 6-digit code from your app, or one of your recovery codes.');
    const wrongCodeRes = await post(signedIn, `${PAGE}/disable`, { password: PASSWORD, code: wrongCode() }, PAGE);
    expect(wrongCodeRes.status).toBe(422);
    expect((await twoFactorRow())!.enabledAt).not.toBeNull();
    expect(await audits('auth.two_factor_disabled')).toHaveLength(0);

    const res = await post(signedIn, `${PAGE}/disable`, { password: PASSWORD, code: '', recoveryCode: recoveryCodes[0] }, PAGE);
    expect(res.status).toBe(303);
    expect(flashes((await signedIn.get(PAGE)).text)).toEqual(['success: Two-factor login is off.']);
    expect(await twoFactorRow()).toBeNull();
    expect(await db.getRepository(StaffRecoveryCode).countBy({ staffId: ana.id })).toBe(0);
    expect(await audits('auth.two_factor_disabled')).toEqual([expect.objectContaining({ actorId: ana.id, targetId: ana.id, after: { by: 'self' } })]);

    const { res: login } = await password();
    expect(login.headers.location).toBe('/scp/tickets');
  });

  it('lets an admin turn it off for an agent who lost their phone; nobody else', async () => {
    const service = t.app.get(TwoFactorService);
    const anaScope = (await t.app.get(StaffService).scope(ana.id))!;
    await service.startSetup({ scope: anaScope, ip: '127.0.0.1' });
    base32 = await decryptedSecret();
    nextStep();
    await service.confirm({ scope: anaScope, ip: '127.0.0.1' }, codeAt());
    expect((await password()).res.headers.location).toBe(STEP);

    await expect(service.disableFor({ scope: anaScope, ip: '127.0.0.1' }, ana.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.disableFor({ scope: admin, ip: '127.0.0.1' }, 999999)).rejects.toMatchObject({ code: 'not_found' });
    expect(await service.disableFor({ scope: admin, ip: '127.0.0.1' }, ana.id)).toBe(true);
    expect(await service.disableFor({ scope: admin, ip: '127.0.0.1' }, ana.id)).toBe(false);
    expect((await audits('auth.two_factor_disabled')).at(-1)).toMatchObject({ actorId: admin.staffId, targetId: ana.id, after: { by: 'admin' } });
    expect(await twoFactorRow()).toBeNull();
    expect((await password()).res.headers.location).toBe('/scp/tickets');
  });

  it('treats a secret that no longer decrypts (SESSION_SECRET changed) as not enrolled', async () => {
    const service = t.app.get(TwoFactorService);
    const anaScope = (await t.app.get(StaffService).scope(ana.id))!;
    await service.startSetup({ scope: anaScope, ip: '127.0.0.1' });
    base32 = await decryptedSecret();
    nextStep();
    await service.confirm({ scope: anaScope, ip: '127.0.0.1' }, codeAt());
    expect((await password()).res.headers.location).toBe(STEP);

    const otherKey = new SecretCipher('a-different-session-secret-of-forty-eight-chars!!');
    await db.getRepository(StaffTwoFactor).update({ staffId: ana.id }, { secretEncrypted: otherKey.encrypt(Secret.fromBase32(base32).bytes, ana.id) });
    expect((await password()).res.headers.location).toBe('/scp/tickets');
    expect((await signedIn.get(PAGE)).text).toContain('Set up two-factor login');
  });

  it('sends a visitor without a pending step back to the login form', async () => {
    const agent = request.agent(t.http);
    expect((await agent.get(STEP)).headers.location).toBe('/scp/login');
    const res = await post(agent, STEP, { code: '123456' }, '/scp/login');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/login');
  });
});
