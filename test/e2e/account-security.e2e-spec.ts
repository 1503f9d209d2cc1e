import 'reflect-metadata';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource, IsNull } from 'typeorm';
import { PasswordResetToken } from '../../src/account-security/password-reset-token.entity';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { SessionRecord } from '../../src/auth/session.entity';
import { SESSION_EXPIRED_NOTICE } from '../../src/auth/staff.guard';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { LOGIN_NOTICE } from '../../src/scp/scp.presenter';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const PASSWORD = 'agent-pass-1234';
const NEW_PASSWORD = 'blue harbour lantern 42';
const RESET_ANSWER = 'If an account matches, we have sent a link to reset its password.';
const PUBLIC_URL = 'http://desk.example.test';
const LINK = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/scp/password-reset/([A-Za-z0-9_-]{43})`);

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe(`agent account security (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let sink: SmtpSink;
  let address = 0;
  /** A fresh client address per use (trusted X-Forwarded-For from loopback), so per-address limits stay apart. */
  const nextIp = () => `192.0.2.${++address}`;

  const newAgent = (username: string, isAdmin = false) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName: username[0].toUpperCase() + username.slice(1), lastName: 'Tester', password: PASSWORD, departmentId: 1, roleId: 1, isAdmin });
  const staffRow = (id: number) => db.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id }).getOneOrFail();
  const audits = (action: string, targetId: number) => db.getRepository(AuditEvent).find({ where: { action, targetId }, order: { id: 'ASC' } });
  const outboxTo = (to: string) => db.getRepository(OutboxMail).countBy({ toAddress: to });
  const sessionsOf = async (staffId: number) =>
    (await db.getRepository(SessionRecord).find()).filter((s) => (JSON.parse(s.data) as { passport?: { user?: number } }).passport?.user === staffId);

  async function attemptLogin(username: string, password: string, ip: string): Promise<request.Response> {
    const agent = request.agent(t.http); // a fresh cookie every time
    const form = await agent.get('/scp/login').set('X-Forwarded-For', ip);
    return agent.post('/scp/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfFrom(form.text), username, password });
  }

  async function changePassword(agent: Agent, fields: Record<string, string>): Promise<request.Response> {
    const token = await formToken(agent, '/scp/profile/password');
    return agent.post('/scp/profile/password').type('form').send({ _csrf: token, ...fields });
  }

  async function requestReset(login: string, ip = nextIp()): Promise<request.Response> {
    const agent = request.agent(t.http);
    const token = await formToken(agent, '/scp/password-reset');
    const res = await agent.post('/scp/password-reset').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, login });
    if (res.status === 303) {
      // What the visitor reads next: the login page with the one answer.
      const page = await agent.get(res.headers.location).expect(200);
      expect(flashes(page.text)).toEqual([`info: ${RESET_ANSWER}`]);
    }
    return res;
  }

  /** Asks for a reset link and returns the one that arrived by mail. */
  async function resetLinkFor(login: string): Promise<{ token: string; mail: ReceivedMail }> {
    const before = sink.received.length;
    await requestReset(login).then((res) => expect(res.status).toBe(303));
    const mail = (await sink.waitFor(before + 1))[before];
    const token = LINK.exec(mail.text)?.[1];
    if (!token) throw new Error(`no reset link in:\n${mail.text}`);
    return { token, mail };
  }

  async function postNewPassword(token: string, fields: Record<string, string>): Promise<request.Response> {
    const agent = request.agent(t.http);
    const page = await agent.get(`/scp/password-reset/${token}`);
    const csrf = page.status === 200 ? csrfFrom(page.text) : await formToken(agent, '/scp/password-reset');
    return agent.post(`/scp/password-reset/${token}`).type('form').send({ _csrf: csrf, ...fields });
  }

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123', SMTP_URL: sink.url, PUBLIC_URL });
    db = t.dataSource;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  describe('login throttling (already built)', () => {
    it('locks an account after 5 failures; a fresh cookie or another address does not unlock it', async () => {
      await newAgent('locky');
      const ip = nextIp();
      for (let i = 0; i < 5; i++) expect((await attemptLogin('locky', `wrong-password-${i}`, ip)).status).toBe(401);
      for (const from of [ip, nextIp()]) {
        const res = await attemptLogin('locky', PASSWORD, from);
        expect(res.status).toBe(401);
        expect(res.text).toContain(LOGIN_NOTICE);
      }
      expect((await attemptLogin('admin', 'admin-pass-123', nextIp())).status).toBe(303);
    });

    it('locks an address after 20 failures whatever the accounts; a fresh cookie does not unlock it', async () => {
      await newAgent('steady');
      const ip = nextIp();
      for (let i = 0; i < 20; i++) expect((await attemptLogin(`nobody${i}`, 'whatever-password', ip)).status).toBe(401);
      expect((await attemptLogin('steady', PASSWORD, ip)).status).toBe(401);
      expect((await attemptLogin('steady', PASSWORD, nextIp())).status).toBe(303);
    });
  });

  describe('changing one\'s password', () => {
    let agentId: number;
    beforeAll(async () => {
      agentId = (await newAgent('carol')).id;
    });

    it('shows the form to a signed-in agent and sends visitors to the login page', async () => {
      const agent = await loginAgent(t.http, 'carol', PASSWORD);
      const page = await agent.get('/scp/profile/password').expect(200);
      for (const name of ['currentPassword', 'password', 'confirm']) expect(page.text).toMatch(new RegExp(`<input id="[^"]+" name="${name}" type="password"`));
      expect(page.text).toContain('At least 10 characters.');
      const anon = await request(t.http).get('/scp/profile/password');
      expect(anon.status).toBe(303);
      expect(anon.headers.location).toBe('/scp/login?next=%2Fscp%2Fprofile%2Fpassword');
    });

    it('is reachable, with the two-factor page, from the profile menu in the header of every staff page', async () => {
      const agent = await loginAgent(t.http, 'carol', PASSWORD);
      for (const path of ['/scp/tickets', '/scp/profile/password', '/scp/profile/two-factor']) {
        const menu = /<details class="session-menu">([\s\S]*?)<\/details>/.exec((await agent.get(path).expect(200)).text)?.[1] ?? '';
        expect(menu).toMatch(/<summary[^>]*>Profile<\/summary>/);
        expect([...menu.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
          ['/scp/profile/preferences', 'Preferences'],
          ['/scp/profile/password', 'Password'],
          ['/scp/profile/two-factor', 'Two-factor login'],
        ]);
      }
      expect((await request(t.http).get('/scp/login').expect(200)).text).not.toContain('session-menu');
    });

    it('refuses each policy violation with 422 and its message, changing nothing', async () => {
      const agent = await loginAgent(t.http, 'carol', PASSWORD);
      const before = (await staffRow(agentId)).passwordHash;
      const cases: [Record<string, string>, string, string][] = [
        [{ currentPassword: 'not-my-password', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'password-current', 'Your current password is not correct.'],
        [{ password: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'password-current', 'Enter your current password.'],
        [{ currentPassword: PASSWORD, password: 'short-1', confirm: 'short-1' }, 'password-new', 'Use at least 10 characters.'],
        [{ currentPassword: PASSWORD, password: 'x'.repeat(201), confirm: 'x'.repeat(201) }, 'password-new', 'Use at most 200 characters.'],
        [{ currentPassword: PASSWORD, password: 'I am CAROL, hello', confirm: 'I am CAROL, hello' }, 'password-new', 'Do not use your username or email address in your password.'],
        [{ currentPassword: PASSWORD, password: 'Password123', confirm: 'Password123' }, 'password-new', 'This password is too common. Choose one that is harder to guess.'],
        [{ currentPassword: PASSWORD, password: PASSWORD, confirm: PASSWORD }, 'password-new', 'Choose a password different from your current one.'],
        [{ currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, 'password-confirm', 'The two passwords do not match.'],
        [{ currentPassword: PASSWORD, password: '', confirm: '' }, 'password-new', 'Enter a new password.'],
      ];
      for (const [fields, id, message] of cases) {
        const res = await changePassword(agent, fields);
        expect([res.status, fieldError(res.text, id)]).toEqual([422, message]);
        expect(res.text).not.toContain(NEW_PASSWORD); // passwords are never echoed back
      }
      expect((await staffRow(agentId)).passwordHash).toBe(before);
      expect(await audits('auth.password_changed', agentId)).toEqual([]);
    });

    it('changes it, keeps this session, ends the others, and audits it', async () => {
      const here = await loginAgent(t.http, 'carol', PASSWORD);
      const elsewhere = await loginAgent(t.http, 'carol', PASSWORD);
      await here.get('/scp/tickets').expect(200);
      await elsewhere.get('/scp/tickets').expect(200);
      const before = await sessionsOf(agentId);

      const res = await changePassword(here, { currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/tickets');
      const queue = await here.get('/scp/tickets').expect(200);
      expect(flashes(queue.text)).toEqual(['success: Your password has been changed. Any other sessions of yours were signed out.']);
      const gone = await elsewhere.get('/scp/tickets');
      expect(gone.status).toBe(303);
      expect(gone.headers.location).toBe('/scp/login?next=%2Fscp%2Ftickets');
      expect((await sessionsOf(agentId)).length).toBe(1);
      expect(before.length).toBeGreaterThanOrEqual(2);

      const [event] = await audits('auth.password_changed', agentId);
      expect(event).toMatchObject({ actorType: 'staff', actorId: agentId, targetType: 'staff', targetLabel: 'carol', after: { otherSessionsEnded: before.length - 1 } });
      expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
      expect((await attemptLogin('carol', PASSWORD, nextIp())).status).toBe(401);
      expect((await attemptLogin('carol', NEW_PASSWORD, nextIp())).status).toBe(303);
    });

    it('refuses a POST without the CSRF token', async () => {
      const agent = await loginAgent(t.http, 'carol', NEW_PASSWORD);
      const before = (await staffRow(agentId)).passwordHash;
      await agent.post('/scp/profile/password').type('form').send({ currentPassword: NEW_PASSWORD, password: 'another fine password', confirm: 'another fine password' }).expect(403);
      expect((await staffRow(agentId)).passwordHash).toBe(before);
    });

    it('stops guessing the current password after 5 wrong tries, even with a new session', async () => {
      const id = (await newAgent('guessed')).id;
      const agent = await loginAgent(t.http, 'guessed', PASSWORD);
      for (let i = 0; i < 5; i++) expect((await changePassword(agent, { currentPassword: `guess-${i}`, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(422);
      const again = await loginAgent(t.http, 'guessed', PASSWORD);
      const res = await changePassword(again, { currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(res.status).toBe(429);
      expect(fieldError(res.text, 'password-current')).toBe('Too many wrong passwords. Please wait 15 minutes and try again.');
      expect(await audits('auth.password_changed', id)).toEqual([]);
    });
  });

  describe('a password change an admin asked for', () => {
    it('sends the agent from every staff page to the password form until they change it', async () => {
      const boss = await newAgent('boss', true);
      await db.getRepository(Staff).update({ id: boss.id }, { mustChangePassword: true });
      const agent = await loginAgent(t.http, 'boss', PASSWORD);
      for (const path of ['/scp/tickets', '/scp/tickets?queue=closed', '/scp/tickets/1', '/scp/admin', '/scp']) {
        const res = await agent.get(path);
        if (path === '/scp') {
          expect(res.headers.location).toBe('/scp/tickets');
          continue;
        }
        expect([path, res.status, res.headers.location]).toEqual([path, 303, '/scp/profile/password']);
      }
      const token = await formToken(agent, '/scp/profile/password');
      const post = await agent.post('/scp/tickets/1/note').type('form').send({ _csrf: token, message: 'a note' });
      expect([post.status, post.headers.location]).toEqual([303, '/scp/profile/password']);

      const page = await agent.get('/scp/profile/password').expect(200);
      expect(page.text).toContain('An administrator asked you to choose a new password before you continue.');

      const res = await changePassword(agent, { currentPassword: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(res.status).toBe(303);
      expect((await staffRow(boss.id)).mustChangePassword).toBe(false);
      await agent.get('/scp/tickets').expect(200);
      await agent.get('/scp/admin').expect(200);
    });

    it('still lets the agent sign out', async () => {
      const id = (await newAgent('leaver')).id;
      await db.getRepository(Staff).update({ id }, { mustChangePassword: true });
      const agent = await loginAgent(t.http, 'leaver', PASSWORD);
      const token = await formToken(agent, '/scp/profile/password');
      const res = await agent.post('/scp/logout').type('form').send({ _csrf: token });
      expect([res.status, res.headers.location]).toEqual([303, '/scp/login']);
      expect(await sessionsOf(id)).toEqual([]);
    });
  });

  describe('resetting a forgotten password by mail', () => {
    let dave: Staff;
    beforeAll(async () => {
      dave = await newAgent('dave');
    });

    it('is offered on the login page', async () => {
      const page = await request(t.http).get('/scp/login').expect(200);
      expect(page.text).toContain('<a href="/scp/password-reset">Forgot your password?</a>');
      const form = await request(t.http).get('/scp/password-reset').expect(200);
      expect(form.text).toMatch(/<input id="reset-login" name="login"/);
    });

    it('gives the same answer for an unknown name, a known one, a disabled and a locked agent, mailing only the one who may log in', async () => {
      const off = await newAgent('offline');
      const locked = await newAgent('frozen');
      await db.getRepository(Staff).update({ id: off.id }, { isActive: false });
      await db.getRepository(Staff).update({ id: locked.id }, { isLocked: true });
      const before = sink.received.length;
      const answers = [];
      for (const login of ['nobody-here', 'nobody@example.com', 'offline', 'frozen@example.com', 'DAVE@example.com']) {
        const res = await requestReset(login);
        answers.push([res.status, res.headers.location, res.text]);
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0].slice(0, 2)).toEqual([303, '/scp/login']);

      const [mail] = (await sink.waitFor(before + 1)).slice(before);
      expect(mail.envelopeTo).toEqual(['dave@example.com']);
      expect(mail.subject).toBe('Reset your RelayDesk password');
      expect(mail.headers['auto-submitted']).toBe('auto-generated');
      expect(mail.text).toContain('Hello Dave Tester,');
      expect(mail.text).toMatch(LINK);
      expect(await outboxTo('offline@example.com')).toBe(0);
      expect(await outboxTo('frozen@example.com')).toBe(0);
      expect(await db.getRepository(PasswordResetToken).countBy({ staffId: off.id })).toBe(0);
      expect(await db.getRepository(PasswordResetToken).countBy({ staffId: locked.id })).toBe(0);
      const [requested] = await audits('auth.password_reset_requested', dave.id);
      expect(requested).toMatchObject({ actorId: dave.id, targetLabel: 'dave' });
    });

    it('keeps only the hash of the token: in its table, and in the outbox once the mail is sent', async () => {
      const hana = await newAgent('hana');
      const { token } = await resetLinkFor('hana');
      await t.app.get(MailDeliveryService).deliverDue();
      const row = await db.getRepository(PasswordResetToken).findOneByOrFail({ tokenHash: sha256(token) });
      expect(row).toMatchObject({ staffId: hana.id, usedAt: null });
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThanOrEqual(29 * 60_000);
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(31 * 60_000);
      const everything = JSON.stringify([await db.getRepository(PasswordResetToken).find(), await db.getRepository(OutboxMail).find(), await db.getRepository(AuditEvent).find()]);
      expect(everything).not.toContain(token);
      expect(await db.getRepository(OutboxMail).countBy({ toAddress: 'hana@example.com', status: 'sent' })).toBe(await outboxTo('hana@example.com'));
    });

    it('refuses a new password that breaks the policy with 422, leaving the link usable and the password as it was', async () => {
      const ivan = await newAgent('ivan');
      const { token } = await resetLinkFor('ivan');
      const before = (await staffRow(ivan.id)).passwordHash;
      const form = await request(t.http).get(`/scp/password-reset/${token}`).expect(200);
      expect(form.headers['cache-control']).toBe('no-store');
      expect(form.text).toContain('<strong>ivan</strong>');
      for (const [fields, id, message] of [
        [{ password: 'short', confirm: 'short' }, 'reset-password', 'Use at least 10 characters.'],
        [{ password: 'ivan-is-great-2025', confirm: 'ivan-is-great-2025' }, 'reset-password', 'Do not use your username or email address in your password.'],
        [{ password: PASSWORD, confirm: PASSWORD }, 'reset-password', 'Choose a password different from your current one.'],
        [{ password: NEW_PASSWORD, confirm: 'something else entirely' }, 'reset-confirm', 'The two passwords do not match.'],
        [{}, 'reset-password', 'Enter a new password.'],
      ] as [Record<string, string>, string, string][]) {
        const res = await postNewPassword(token, fields);
        expect([res.status, fieldError(res.text, id)]).toEqual([422, message]);
      }
      expect((await staffRow(ivan.id)).passwordHash).toBe(before);
      await request(t.http).get(`/scp/password-reset/${token}`).expect(200);
    });

    it('sets the password once: used up, other links void, every session ended, forced change cleared, audited', async () => {
      const jack = await newAgent('jack');
      const older = (await resetLinkFor('jack')).token;
      const { token } = await resetLinkFor('jack');
      await db.getRepository(Staff).update({ id: jack.id }, { mustChangePassword: true });
      const signedIn = await loginAgent(t.http, 'jack', PASSWORD);
      expect((await sessionsOf(jack.id)).length).toBeGreaterThanOrEqual(1);

      // The form names no account: extra fields cannot point the link at someone else.
      const admin = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
      const adminHash = (await staffRow(admin.id)).passwordHash;
      const res = await postNewPassword(token, { password: NEW_PASSWORD, confirm: NEW_PASSWORD, username: 'admin', staffId: String(admin.id) });
      expect([res.status, res.headers.location]).toEqual([303, '/scp/login']);
      expect((await staffRow(admin.id)).passwordHash).toBe(adminHash);

      const row = await staffRow(jack.id);
      expect(row.mustChangePassword).toBe(false);
      expect(await sessionsOf(jack.id)).toEqual([]);
      expect((await signedIn.get('/scp/tickets')).status).toBe(303);
      expect((await db.getRepository(PasswordResetToken).findOneByOrFail({ tokenHash: sha256(token) })).usedAt).not.toBeNull();
      expect(await db.getRepository(PasswordResetToken).countBy({ staffId: jack.id, usedAt: IsNull() })).toBe(0);
      const [event] = await audits('auth.password_reset', jack.id);
      expect(event).toMatchObject({ actorType: 'staff', actorId: jack.id, targetLabel: 'jack' });

      const login = request.agent(t.http);
      const form = await login.get('/scp/login');
      const ok = await login.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'jack', password: NEW_PASSWORD });
      expect(ok.status).toBe(303);
      expect((await attemptLogin('jack', PASSWORD, nextIp())).status).toBe(401);

      for (const used of [token, older]) {
        const again = await request(t.http).get(`/scp/password-reset/${used}`);
        expect(again.status).toBe(410);
        expect(again.text).toContain('This link has expired or was already used.');
        const post = await postNewPassword(used, { password: 'yet another passphrase', confirm: 'yet another passphrase' });
        expect(post.status).toBe(410);
      }
      expect((await staffRow(jack.id)).passwordHash).toBe(row.passwordHash);
    });

    it('answers 410 for an expired link and for one that never existed', async () => {
      const kate = await newAgent('kate');
      const { token } = await resetLinkFor('kate');
      await db.getRepository(PasswordResetToken).update({ tokenHash: sha256(token) }, { expiresAt: new Date(Date.now() - 1000) });
      const before = (await staffRow(kate.id)).passwordHash;
      expect((await request(t.http).get(`/scp/password-reset/${token}`)).status).toBe(410);
      expect((await postNewPassword(token, { password: 'fresh passphrase 9', confirm: 'fresh passphrase 9' })).status).toBe(410);
      expect((await staffRow(kate.id)).passwordHash).toBe(before);
      for (const bogus of ['x'.repeat(43), 'short', `${token}x`, encodeURIComponent('../../login')]) {
        expect([bogus, (await request(t.http).get(`/scp/password-reset/${bogus}`)).status]).toEqual([bogus, 410]);
      }
    });

    it('mails an agent at most 3 links an hour, with the same answer after that', async () => {
      const erin = await newAgent('erin');
      for (let i = 0; i < 5; i++) expect((await requestReset('erin')).status).toBe(303);
      expect(await db.getRepository(PasswordResetToken).countBy({ staffId: erin.id })).toBe(3);
      expect(await outboxTo('erin@example.com')).toBe(3);
    });

    it('answers at most 10 requests an hour from one address with a mail', async () => {
      await newAgent('fred');
      const ip = nextIp();
      for (let i = 0; i < 9; i++) await requestReset(`someone-${i}`, ip);
      await requestReset('fred', ip); // the 10th
      await requestReset('fred', ip); // over the limit: same answer, no mail
      expect(await outboxTo('fred@example.com')).toBe(1);
      await requestReset('fred', nextIp());
      expect(await outboxTo('fred@example.com')).toBe(2);
    });

    it('asks for a username or email when none is given, with 422', async () => {
      const before = await db.getRepository(OutboxMail).count();
      const res = await requestReset('   ');
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'reset-login')).toBe('Enter your username or email address.');
      expect(await db.getRepository(OutboxMail).count()).toBe(before);
    });
  });

  describe('session timeouts', () => {
    let gina: Staff;
    beforeAll(async () => {
      gina = await newAgent('gina');
    });

    /** Moves the stored login time of the agent's session back by `hours`. */
    async function ageSession(staffId: number, hours: number): Promise<void> {
      const [session] = await sessionsOf(staffId);
      const data = JSON.parse(session.data) as { loggedInAt?: number };
      expect(typeof data.loggedInAt).toBe('number');
      data.loggedInAt = Date.now() - hours * 3_600_000;
      await db.getRepository(SessionRecord).update({ sid: session.sid }, { data: JSON.stringify(data) });
    }

    it('counts from the login itself: the session, the last login and the audit record are written when it completes', async () => {
      const started = Date.now();
      const res = await attemptLogin('gina', PASSWORD, nextIp());
      expect(res.status).toBe(303);
      // No staff page visited yet: the login stamped its time.
      const [session] = await sessionsOf(gina.id);
      const loggedInAt = (JSON.parse(session.data) as { loggedInAt?: number }).loggedInAt;
      expect(loggedInAt).toBeGreaterThanOrEqual(started);
      expect((await db.getRepository(Staff).findOneByOrFail({ id: gina.id })).lastLoginAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
      const events = await db.getRepository(AuditEvent).find({ where: { action: 'auth.login_succeeded', actorId: gina.id } });
      expect(events.map((e) => e.after)).toEqual([null]);
      await db.getRepository(SessionRecord).delete({ sid: session.sid });
    });

    it('keeps an active session younger than SESSION_ABSOLUTE_HOURS (12 by default)', async () => {
      const agent = await loginAgent(t.http, 'gina', PASSWORD);
      await agent.get('/scp/tickets').expect(200);
      await ageSession(gina.id, 11.9);
      await agent.get('/scp/tickets').expect(200);
      await agent.post('/scp/logout').type('form').send({ _csrf: await formToken(agent, '/scp/tickets') }).expect(303);
    });

    it('ends a session 12 hours after login however active it was, and says so on the login page', async () => {
      const agent = await loginAgent(t.http, 'gina', PASSWORD);
      await agent.get('/scp/tickets').expect(200);
      await ageSession(gina.id, 12);
      const res = await agent.get('/scp/tickets');
      expect([res.status, res.headers.location]).toEqual([303, '/scp/login?next=%2Fscp%2Ftickets']);
      const login = await agent.get(res.headers.location).expect(200);
      expect(flashes(login.text)).toEqual([`info: ${SESSION_EXPIRED_NOTICE}`]);
      expect(await sessionsOf(gina.id)).toEqual([]);
      expect((await agent.get('/scp/tickets')).status).toBe(303);
    });
  });
});
