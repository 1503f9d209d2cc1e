import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PasswordResetToken } from '../../src/account-security/password-reset-token.entity';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { SessionRecord } from '../../src/auth/session.entity';
import { hashPassword } from '../../src/common/password';
import { StaffDepartmentAccess } from '../../src/staff/staff-department-access.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { TeamMember } from '../../src/teams/team-member.entity';
import { Team } from '../../src/teams/team.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { StaffRecoveryCode } from '../../src/two-factor/staff-recovery-code.entity';
import { StaffTwoFactor } from '../../src/two-factor/staff-two-factor.entity';
import { TwoFactorVerifier } from '../../src/two-factor/two-factor-verifier';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const ADMIN_PASSWORD = 'admin-pass-123';
const PASSWORD = 'agent-pass-1234';

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1] ?? null;
const rowNames = (html: string) => [...html.matchAll(/<tr class="agent-row[^"]*">\s*<td data-label="Name">\s*<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
const secretOf = (html: string) => /<p class="secret-once" id="generated-password">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
const unescape = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x60;/g, '`');

/** A valid agent form, as the page posts it: checkboxes send "0" then "1", three empty access rows. */
function agentForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    firstName: 'Ana', lastName: 'Lee', username: 'ana.lee', email: 'Ana.Lee@Example.com', phone: '+1 555 0100', timezone: 'Europe/Paris',
    departmentId: '1', roleId: '2', extDept: ['2', '', ''], extRole: ['3', '', ''], teamIds: ['1'],
    isAdmin: '0', isActive: ['0', '1'], isLocked: '0', onVacation: '0', mustChangePassword: '0', signature: 'Ana from Support',
    ...overrides,
  };
}

describe(`admin: agents (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Agent;
  let adminRow: Staff;

  const staff = () => db.getRepository(Staff);
  const audits = (action: string) => db.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const counts = async () => ({
    staff: await staff().count(), access: await db.getRepository(StaffDepartmentAccess).count(),
    teams: await db.getRepository(TeamMember).count(), audit: await db.getRepository(AuditEvent).count(),
  });
  /** POSTs a form with a fresh CSRF token (query strings repeat array fields, as browsers do). */
  async function post(agent: Agent, path: string, form: Record<string, unknown>, tokenPage = '/scp/admin/agents') {
    const token = await formToken(agent, tokenPage);
    const fields = Object.entries({ _csrf: token, ...form }).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]));
    return agent.post(path).type('form').send(new URLSearchParams(fields).toString());
  }
  const newAgent = (username: string, departmentId = 1, roleId = 1) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName: username[0].toUpperCase() + username.slice(1), lastName: 'Tester', password: PASSWORD, departmentId, roleId });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD });
    db = t.dataSource;
    admin = await loginAgent(t.http, 'admin', ADMIN_PASSWORD);
    adminRow = await staff().findOneByOrFail({ username: 'admin' });
  });
  afterAll(() => t?.close());

  describe('creating an agent', () => {
    it('with a typed password: the row, extended access, teams and an audit record without the password', async () => {
      const res = await post(admin, '/scp/admin/agents', agentForm({ password: 'correct-horse-77', passwordConfirm: 'correct-horse-77', generatePassword: '0', mustChangePassword: '0' }));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/admin/agents');
      const list = await admin.get('/scp/admin/agents').expect(200);
      expect(flashes(list.text)).toEqual(['success: Agent “Ana Lee” created.']);

      const ana = await staff().findOneByOrFail({ username: 'ana.lee' });
      expect(ana).toMatchObject({
        email: 'ana.lee@example.com', firstName: 'Ana', lastName: 'Lee', phone: '+1 555 0100', timezone: 'Europe/Paris', departmentId: 1, roleId: 2,
        isAdmin: false, isActive: true, isLocked: false, onVacation: false, mustChangePassword: false, signature: 'Ana from Support',
      });
      expect(await db.getRepository(StaffDepartmentAccess).findBy({ staffId: ana.id })).toEqual([expect.objectContaining({ departmentId: 2, roleId: 3 })]);
      expect(await db.getRepository(TeamMember).findBy({ staffId: ana.id })).toEqual([expect.objectContaining({ teamId: 1 })]);

      const [event] = await audits('agent.created');
      expect(event).toMatchObject({ actorId: adminRow.id, targetType: 'agent', targetId: ana.id, targetLabel: 'Ana Lee', before: null });
      expect(event.after).toMatchObject({ username: 'ana.lee', departmentId: 1, roleId: 2, extendedAccess: ['2:3'], teamIds: [1], changeAtNextLogin: false });
      expect(JSON.stringify(event)).not.toContain('correct-horse-77');

      const anaSession = await loginAgent(t.http, 'ana.lee', 'correct-horse-77');
      await anaSession.get('/scp/tickets').expect(200);
      await anaSession.get('/scp/admin/agents').expect(404);
    });

    it('with a generated password: shown once on the next page (no-store), never stored or audited in plain', async () => {
      const res = await post(admin, '/scp/admin/agents', agentForm({
        firstName: 'Ben', lastName: 'Okafor', username: 'ben', email: 'ben@example.com', extDept: ['', '', ''], extRole: ['', '', ''], teamIds: [],
        generatePassword: ['0', '1'], password: '', passwordConfirm: '', mustChangePassword: ['0', '1'],
      }));
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Agent Ben Okafor created');
      const password = unescape(secretOf(res.text)!);
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);

      const ben = await staff().createQueryBuilder('s').addSelect('s.passwordHash').where('s.username = :u', { u: 'ben' }).getOneOrFail();
      expect(ben.passwordHash).toMatch(/^\$argon2id\$/);
      expect(ben.mustChangePassword).toBe(true);
      const rows = await db.query('SELECT * FROM audit_events');
      expect(JSON.stringify(rows)).not.toContain(password);
      expect(JSON.stringify(await db.query('SELECT * FROM sessions'))).not.toContain(password);
      // The password works (what the "change at next login" flag then does is the account-security pages' business).
      await loginAgent(t.http, 'ben', password);
    });

    it.each([
      ['a username taken in another letter case', { username: 'ANA.LEE' }, 'agent-username', 'Another agent already has that username.'],
      ['an email taken in another letter case', { email: 'ANA.LEE@example.COM' }, 'agent-email', 'Another agent already uses that email address.'],
      ['a username with spaces', { username: 'ana lee' }, 'agent-username', 'Use 2 to 64 letters, digits, dots, dashes or underscores.'],
      ['a one-letter username', { username: 'a' }, 'agent-username', 'Use 2 to 64 letters, digits, dots, dashes or underscores.'],
      ['a bad email', { email: 'not-an-email' }, 'agent-email', 'Enter a valid email address, like name@example.com.'],
      ['no first name', { firstName: '  ' }, 'agent-first-name', 'Enter the first name.'],
      ['a department id that is not a number', { departmentId: 'abc' }, 'agent-department', 'Choose a department from the list.'],
      ['a department that does not exist', { departmentId: '999' }, 'agent-department', 'Choose a department from the list.'],
      ['a role that does not exist', { roleId: '999' }, 'agent-role', 'Choose a role from the list.'],
      ['a bad time zone', { timezone: 'Mars/Olympus' }, 'agent-timezone', 'Enter a time zone like Europe/Paris or America/New_York, or leave it empty.'],
      ['the same extra department twice', { extDept: ['2', '2', ''], extRole: ['3', '4', ''] }, 'agent-access', 'Sales is listed twice in extended access.'],
      ['the primary department again', { extDept: ['1', '', ''], extRole: ['3', '', ''] }, 'agent-access', 'Support is already the primary department; remove it from extended access.'],
      ['a row with a department but no role', { extDept: ['3', '', ''], extRole: ['', '', ''] }, 'agent-access', 'Choose both a department and a role on each extended access row.'],
      ['an extra department that does not exist', { extDept: ['77', '', ''], extRole: ['1', '', ''] }, 'agent-access', 'Choose departments and roles from the lists.'],
      ['a team that does not exist', { teamIds: ['1', '99'] }, 'agent-teams', 'Choose teams from the list.'],
      ['a short password', { password: 'short', passwordConfirm: 'short' }, 'agent-password', 'Use at least 10 characters.'],
      ['the username as password', { password: 'new.agent.x', passwordConfirm: 'new.agent.x' }, 'agent-password', 'Do not use your username or email address in your password.'],
      ['two different passwords', { password: 'correct-horse-77', passwordConfirm: 'correct-horse-78' }, 'agent-password-confirm', 'The two passwords do not match.'],
      ['no password and none generated', { password: '', passwordConfirm: '' }, 'agent-password', 'Enter a password, or choose to generate one.'],
    ])('refuses %s with 422 on that field, keeps what was typed and writes nothing', async (_case, overrides, fieldId, message) => {
      const before = await counts();
      const form = agentForm({ username: 'new.agent.x', email: 'new.agent@example.com', generatePassword: '0', password: 'correct-horse-77', passwordConfirm: 'correct-horse-77', ...overrides });
      const res = await post(admin, '/scp/admin/agents', form);
      expect(res.status).toBe(422);
      expect(unescape(fieldError(res.text, fieldId) ?? '')).toBe(message);
      // What was typed comes back (passwords never do).
      expect(res.text).toContain(`value="${(form.lastName as string)}"`);
      expect(res.text).toContain('name="phone" type="tel" value="+1 555 0100"');
      expect(res.text).not.toMatch(/type="password" value="[^"]+"/);
      expect(await counts()).toEqual(before);
    });
  });

  describe('editing an agent', () => {
    let cara: Staff;
    beforeAll(async () => {
      cara = await newAgent('cara', 1, 3);
      await db.getRepository(StaffDepartmentAccess).insert({ staffId: cara.id, departmentId: 3, roleId: 4 });
    });

    it('shows the agent with their extended access rows and 3 empty ones', async () => {
      const page = await admin.get(`/scp/admin/agents/${cara.id}`).expect(200);
      expect(page.text).toContain('Agent: Cara Tester');
      expect((page.text.match(/name="extDept"/g) ?? []).length).toBe(4);
      expect(page.text).toMatch(/<select id="agent-ext-dept-1" name="extDept">[\s\S]*?<option value="3" selected>Maintenance<\/option>/);
      expect(page.text).toMatch(/<select id="agent-ext-role-1" name="extRole">[\s\S]*?<option value="4" selected>View Only<\/option>/);
      await admin.get('/scp/admin/agents/999999').expect(404);
      await admin.get('/scp/admin/agents/abc').expect(404);
    });

    it('saves the form, replaces access rows and teams, and audits only what changed', async () => {
      const res = await post(admin, `/scp/admin/agents/${cara.id}`, agentForm({
        firstName: 'Cara', lastName: 'Tester', username: 'cara', email: 'cara@example.com', phone: '', timezone: '', departmentId: '2', roleId: '1',
        extDept: ['1', '', ''], extRole: ['4', '', ''], teamIds: [], onVacation: ['0', '1'], signature: '',
      }));
      expect(res.status).toBe(303);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toEqual(['success: Agent “Cara Tester” updated.']);
      expect(await staff().findOneByOrFail({ id: cara.id })).toMatchObject({ departmentId: 2, roleId: 1, onVacation: true, phone: null, signature: null });
      expect(await db.getRepository(StaffDepartmentAccess).findBy({ staffId: cara.id })).toEqual([expect.objectContaining({ departmentId: 1, roleId: 4 })]);
      const [event] = (await audits('agent.updated')).filter((e) => e.targetId === cara.id);
      expect(event.before).toEqual({ departmentId: 1, roleId: 3, onVacation: false, extendedAccess: ['3:4'] });
      expect(event.after).toEqual({ departmentId: 2, roleId: 1, onVacation: true, extendedAccess: ['1:4'] });
    });

    it('locks an agent out at once (login refused, open session ended) and unlocks them, each audited', async () => {
      const session = await loginAgent(t.http, 'cara', PASSWORD);
      await session.get('/scp/tickets').expect(200);
      const base = agentForm({ firstName: 'Cara', lastName: 'Tester', username: 'cara', email: 'cara@example.com', departmentId: '2', roleId: '1', extDept: ['1'], extRole: ['4'], teamIds: [], onVacation: '1', phone: '', timezone: '', signature: '' });

      expect((await post(admin, `/scp/admin/agents/${cara.id}`, { ...base, isLocked: ['0', '1'] })).status).toBe(303);
      expect((await staff().findOneByOrFail({ id: cara.id })).isLocked).toBe(true);
      expect((await session.get('/scp/tickets')).headers.location).toMatch(/^\/scp\/login/);
      const login = request.agent(t.http);
      const form = await login.get('/scp/login').expect(200);
      await login.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'cara', password: PASSWORD }).expect(401);
      const list = await admin.get('/scp/admin/agents?status=locked').expect(200);
      expect(rowNames(list.text)).toEqual(['Cara Tester']);

      expect((await post(admin, `/scp/admin/agents/${cara.id}`, base)).status).toBe(303);
      await loginAgent(t.http, 'cara', PASSWORD);
      const events = (await db.getRepository(AuditEvent).find({ where: { targetId: cara.id, targetType: 'agent' }, order: { id: 'ASC' } })).map((e) => [e.action, e.before, e.after]);
      expect(events.slice(-2)).toEqual([
        ['agent.locked', { isLocked: false }, { isLocked: true }],
        ['agent.unlocked', { isLocked: true }, { isLocked: false }],
      ]);
    });

    it('disables and enables an agent, each audited as such', async () => {
      const base = agentForm({ firstName: 'Cara', lastName: 'Tester', username: 'cara', email: 'cara@example.com', departmentId: '2', roleId: '1', extDept: ['1'], extRole: ['4'], teamIds: [], onVacation: '1', phone: '', timezone: '', signature: '' });
      expect((await post(admin, `/scp/admin/agents/${cara.id}`, { ...base, isActive: '0' })).status).toBe(303);
      expect(rowNames((await admin.get('/scp/admin/agents?status=disabled').expect(200)).text)).toEqual(['Cara Tester']);
      expect((await post(admin, `/scp/admin/agents/${cara.id}`, base)).status).toBe(303);
      expect((await audits('agent.disabled')).map((e) => e.targetId)).toEqual([cara.id]);
      expect((await audits('agent.enabled')).map((e) => e.targetId)).toEqual([cara.id]);
    });

    it.each([
      ['remove their own admin flag', { isAdmin: '0' }, 'agent-admin'],
      ['lock themselves', { isLocked: ['0', '1'] }, 'agent-locked'],
      ['disable themselves', { isActive: '0' }, 'agent-active'],
    ])('an admin cannot %s', async (_case, overrides, fieldId) => {
      const before = await counts();
      const res = await post(admin, `/scp/admin/agents/${adminRow.id}`, agentForm({
        firstName: adminRow.firstName, lastName: adminRow.lastName, username: 'admin', email: 'admin@example.com', extDept: [], extRole: [], teamIds: [],
        departmentId: String(adminRow.departmentId), roleId: String(adminRow.roleId), isAdmin: ['0', '1'], ...overrides,
      }));
      expect(res.status).toBe(422);
      expect(fieldError(res.text, fieldId)).toBe('You cannot lock yourself out.');
      expect(await counts()).toEqual(before);
      expect(await staff().findOneByOrFail({ id: adminRow.id })).toMatchObject({ isAdmin: true, isActive: true, isLocked: false });
    });

    it('refuses a duplicate username on edit, keeping the typed values', async () => {
      const res = await post(admin, `/scp/admin/agents/${cara.id}`, agentForm({ firstName: 'Carla', username: 'Admin', email: 'cara@example.com' }));
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'agent-username')).toBe('Another agent already has that username.');
      expect(res.text).toContain('value="Carla"');
      expect((await staff().findOneByOrFail({ id: cara.id })).firstName).toBe('Cara');
    });
  });

  describe('resetting a password', () => {
    let dev: Staff;
    beforeAll(async () => {
      dev = await newAgent('dev');
    });

    it('generates one, shows it once, forces a change at next login, and the old one stops working', async () => {
      const res = await post(admin, `/scp/admin/agents/${dev.id}/password`, { generatePassword: ['0', '1'], password: '', passwordConfirm: '' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('New password for Dev Tester');
      const password = unescape(secretOf(res.text)!);
      expect((await staff().findOneByOrFail({ id: dev.id })).mustChangePassword).toBe(true);
      await expect(loginAgent(t.http, 'dev', PASSWORD)).rejects.toThrow(/answered 401/);
      await loginAgent(t.http, 'dev', password);
      const [event] = await audits('agent.password_reset');
      expect(event).toMatchObject({ targetId: dev.id, before: { changeAtNextLogin: false }, after: { changeAtNextLogin: true, generated: true } });
      expect(JSON.stringify(event)).not.toContain(password);
    });

    it('sets a typed one with a flash, and refuses a weak one with 422 and nothing changed', async () => {
      const weak = await post(admin, `/scp/admin/agents/${dev.id}/password`, { generatePassword: '0', password: 'dev-tester', passwordConfirm: 'dev-tester' });
      expect(weak.status).toBe(422);
      expect(fieldError(weak.text, 'reset-password-new')).toBe('Do not use your username or email address in your password.');
      expect((await audits('agent.password_reset')).length).toBe(1);

      const res = await post(admin, `/scp/admin/agents/${dev.id}/password`, { generatePassword: '0', password: 'typed-password-42', passwordConfirm: 'typed-password-42' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/scp/admin/agents/${dev.id}`);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toEqual(['success: New password set for Dev Tester; they must change it at their next login.']);
      await loginAgent(t.http, 'dev', 'typed-password-42');
      expect((await audits('agent.password_reset')).map((e) => e.after)).toEqual([
        { changeAtNextLogin: true, generated: true, sessionsEnded: 0 },
        { changeAtNextLogin: true, generated: false, sessionsEnded: 1 }, // the session the generated password opened
      ]);
    });
  });

  describe('ending an agent\'s sessions and reset links', () => {
    let ivy: Staff;
    const ivyForm = (overrides: Record<string, unknown> = {}) => agentForm({
      firstName: 'Ivy', lastName: 'Tester', username: 'ivy', email: 'ivy@example.com', departmentId: '1', roleId: '1', extDept: [], extRole: [], teamIds: [],
      phone: '', timezone: '', signature: '', ...overrides,
    });
    const ivySessions = async () =>
      (await db.getRepository(SessionRecord).find()).filter((s) => (JSON.parse(s.data) as { passport?: { user?: number } }).passport?.user === ivy.id);
    /** An unused reset link of Ivy's, as "Forgot your password?" leaves one. */
    const resetLink = async () => (await db.getRepository(PasswordResetToken).save({
      staffId: ivy.id, tokenHash: randomBytes(32).toString('hex'), expiresAt: new Date(Date.now() + 30 * 60_000), usedAt: null, createdAt: new Date(), requestedIp: null,
    })).id;
    const linkUsed = async (id: number) => (await db.getRepository(PasswordResetToken).findOneByOrFail({ id })).usedAt !== null;
    /** Ivy signed in twice (two browsers), both on a staff page. */
    const signIn = async () => {
      const before = (await ivySessions()).length;
      const sessions = [await loginAgent(t.http, 'ivy', PASSWORD), await loginAgent(t.http, 'ivy', PASSWORD)];
      for (const session of sessions) await session.get('/scp/tickets').expect(200);
      expect(await ivySessions()).toHaveLength(before + 2);
      return sessions;
    };
    const sentToLogin = async (session: Agent) => {
      const res = await session.get('/scp/tickets');
      expect([res.status, res.headers.location]).toEqual([303, '/scp/login?next=%2Fscp%2Ftickets']);
    };

    beforeAll(async () => {
      ivy = await newAgent('ivy');
    });

    it('on a password reset: every session of the agent ends and unused reset links stop working', async () => {
      const sessions = await signIn();
      const link = await resetLink();
      const res = await post(admin, `/scp/admin/agents/${ivy.id}/password`, { generatePassword: '0', password: 'reset-by-admin-42', passwordConfirm: 'reset-by-admin-42' });
      expect(res.status).toBe(303);
      for (const session of sessions) await sentToLogin(session);
      expect(await ivySessions()).toEqual([]);
      expect(await linkUsed(link)).toBe(true);
      expect((await audits('agent.password_reset')).at(-1)).toMatchObject({ targetId: ivy.id, after: { changeAtNextLogin: true, generated: false, sessionsEnded: 2 } });
      await admin.get('/scp/tickets').expect(200); // the admin's own session stays
      await staff().update({ id: ivy.id }, { passwordHash: await hashPassword(PASSWORD), mustChangePassword: false });
    });

    it.each([
      ['locks', { isLocked: ['0', '1'] }],
      ['disables', { isActive: '0' }],
    ])('when an admin %s the agent: sessions end for good (undoing it does not bring them back), reset links too', async (_case, change) => {
      const sessions = await signIn();
      const link = await resetLink();
      expect((await post(admin, `/scp/admin/agents/${ivy.id}`, ivyForm(change))).status).toBe(303);
      expect(await ivySessions()).toEqual([]);
      expect(await linkUsed(link)).toBe(true);

      expect((await post(admin, `/scp/admin/agents/${ivy.id}`, ivyForm())).status).toBe(303);
      expect(await staff().findOneByOrFail({ id: ivy.id })).toMatchObject({ isActive: true, isLocked: false });
      for (const session of sessions) await sentToLogin(session);
      await loginAgent(t.http, 'ivy', PASSWORD);
    });

    it('leaves the sessions alone on an ordinary edit', async () => {
      const session = await loginAgent(t.http, 'ivy', PASSWORD);
      const before = (await ivySessions()).length;
      expect((await post(admin, `/scp/admin/agents/${ivy.id}`, ivyForm({ phone: '+1 555 0199' }))).status).toBe(303);
      expect(await ivySessions()).toHaveLength(before);
      await session.get('/scp/tickets').expect(200);
    });
  });

  describe('two-factor login', () => {
    let joy: Staff;
    const page = async () => (await admin.get(`/scp/admin/agents/${joy.id}`).expect(200)).text;
    const turnOffForm = /<form method="post" action="\/scp\/admin\/agents\/(\d+)\/two-factor\/disable" data-confirm="([^"]*)">/;

    beforeAll(async () => {
      joy = await newAgent('joy');
      // Joy has two-factor login on, with recovery codes, as her own set-up would leave it.
      const verifier = t.app.get(TwoFactorVerifier);
      await db.getRepository(StaffTwoFactor).insert({ staffId: joy.id, secretEncrypted: verifier.encrypt(randomBytes(20), joy.id), enabledAt: new Date(), lastUsedStep: null, createdAt: new Date() });
      await verifier.replaceRecoveryCodes(joy.id, db.manager);
    });

    it('shows whether it is on, with a button to turn it off that asks first', async () => {
      const html = await page();
      expect(html).toMatch(/Two-factor login[\s\S]*?<span class="badge badge-ok">On<\/span>/);
      const form = turnOffForm.exec(html);
      expect(form?.[1]).toBe(String(joy.id));
      expect(unescape(form![2])).toBe('Turn off two-factor login for “Joy Tester”? They will log in with their password alone until they set it up again.');
      expect(html).toContain('Turn off two-factor login</button>');
    });

    it('turns it off for an agent who lost their phone: secret and recovery codes gone, audited, the password alone logs in', async () => {
      const pending = request.agent(t.http);
      const form = await pending.get('/scp/login').expect(200);
      expect((await pending.post('/scp/login').type('form').send({ _csrf: csrfFrom(form.text), username: 'joy', password: PASSWORD })).headers.location).toBe('/scp/login/two-factor');

      const res = await post(admin, `/scp/admin/agents/${joy.id}/two-factor/disable`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/scp/admin/agents/${joy.id}`);
      const html = await page();
      expect(flashes(html)).toEqual(['success: Two-factor login turned off for Joy Tester.']);
      expect(html).toMatch(/Two-factor login[\s\S]*?<span class="badge badge-muted">Off<\/span>/);
      expect(html).not.toMatch(turnOffForm);
      expect(await db.getRepository(StaffTwoFactor).countBy({ staffId: joy.id })).toBe(0);
      expect(await db.getRepository(StaffRecoveryCode).countBy({ staffId: joy.id })).toBe(0);
      expect(await audits('auth.two_factor_disabled')).toEqual([
        expect.objectContaining({ actorId: adminRow.id, targetType: 'staff', targetId: joy.id, after: { by: 'admin' } }),
      ]);
      await loginAgent(t.http, 'joy', PASSWORD).then((joySession) => joySession.get('/scp/tickets').expect(200));
    });

    it('says so when it was already off, and changes nothing', async () => {
      const before = await counts();
      const res = await post(admin, `/scp/admin/agents/${joy.id}/two-factor/disable`, {});
      expect(res.status).toBe(303);
      expect(flashes(await page())).toEqual(['info: Two-factor login was already off for Joy Tester.']);
      expect(await counts()).toEqual(before);
    });

    it('answers 404 for an agent that does not exist or a malformed id', async () => {
      expect((await post(admin, '/scp/admin/agents/999999/two-factor/disable', {})).status).toBe(404);
      expect((await post(admin, '/scp/admin/agents/abc/two-factor/disable', {})).status).toBe(404);
    });
  });

  describe('deleting an agent', () => {
    it('is refused while the agent has tickets assigned or thread entries: disable instead', async () => {
      const eve = await newAgent('eve');
      const adminScope = (await t.app.get(StaffService).scope(adminRow.id)) as AgentScope;
      const ticket = await t.app.get(TicketIntakeService).open({ email: 'karen@example.com', name: 'Karen', phone: null, topicId: 1, subject: 'Printer jam', message: 'Jammed.', source: 'web', uploads: [] });
      await t.app.get(TicketActionsService).assign(adminScope, ticket.id, eve.id, '');
      const before = await counts();
      const res = await post(admin, `/scp/admin/agents/${eve.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/scp/admin/agents/${eve.id}`);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toEqual(['error: Eve Tester has 1 ticket assigned; disable the account instead.']);
      expect(await counts()).toEqual(before);
    });

    it('is refused, not a server error, while another feature still names the agent (a help topic\'s auto-assignee)', async () => {
      const hal = await newAgent('hal');
      await db.query('UPDATE help_topics SET staff_id = ? WHERE id = 2', [hal.id]);
      const before = await counts();
      const res = await post(admin, `/scp/admin/agents/${hal.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text))
        .toEqual(['error: Hal Tester is still named elsewhere (such as the auto-assignee of a help topic); disable the account instead.']);
      expect(await counts()).toEqual(before);
      await db.query('UPDATE help_topics SET staff_id = NULL WHERE id = 2');
    });

    it('removes an agent who never worked a ticket, with their access rows and memberships, audited', async () => {
      const fay = await newAgent('fay');
      await db.getRepository(StaffDepartmentAccess).insert({ staffId: fay.id, departmentId: 2, roleId: 1 });
      await t.app.get(StaffService).addToTeam(fay.id, 1);
      await db.getRepository(Team).update({ id: 1 }, { leadId: fay.id });
      const res = await post(admin, `/scp/admin/agents/${fay.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/admin/agents');
      expect(flashes((await admin.get('/scp/admin/agents').expect(200)).text)).toEqual(['success: Agent “Fay Tester” deleted.']);
      expect(await staff().findOneBy({ id: fay.id })).toBeNull();
      expect(await db.getRepository(StaffDepartmentAccess).countBy({ staffId: fay.id })).toBe(0);
      expect(await db.getRepository(TeamMember).countBy({ staffId: fay.id })).toBe(0);
      expect((await db.getRepository(Team).findOneByOrFail({ id: 1 })).leadId).toBeNull();
      const [event] = await audits('agent.deleted');
      expect(event).toMatchObject({ targetId: fay.id, targetLabel: 'Fay Tester', after: null });
      expect(event.before).toMatchObject({ username: 'fay', extendedAccess: ['2:1'], teamIds: [1] });
    });

    it('refuses an admin deleting their own account', async () => {
      const res = await post(admin, `/scp/admin/agents/${adminRow.id}/delete`, {});
      expect(res.status).toBe(303);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toEqual(['error: You cannot delete your own account.']);
      expect(await staff().findOneBy({ id: adminRow.id })).not.toBeNull();
    });
  });

  describe('the list', () => {
    beforeAll(async () => {
      // Enough agents for two pages; written directly (no login needed), so no password hashing.
      const now = new Date();
      await staff().insert(Array.from({ length: 27 }, (_, i) => ({
        username: `bulk_${String(i).padStart(2, '0')}`, email: `bulk${i}@example.org`, firstName: 'Bulk', lastName: `Agent ${i}`, passwordHash: '!',
        departmentId: 3, roleId: 4, createdAt: now, updatedAt: now,
      })));
    });

    it('pages newest first, 25 at a time, keeping the filters in the links', async () => {
      const first = await admin.get('/scp/admin/agents?dept=3').expect(200);
      const names = rowNames(first.text);
      expect(names).toHaveLength(25);
      expect(names[0]).toBe('Bulk Agent 26');
      const next = unescape(/<a class="button button-secondary" href="([^"]+)" rel="next">/.exec(first.text)![1]);
      expect(next).toMatch(/^\/scp\/admin\/agents\?dept=3&before=\d+$/);
      const second = await admin.get(next).expect(200);
      expect(rowNames(second.text)).toEqual(['Bulk Agent 1', 'Bulk Agent 0']);
      expect(second.text).toContain('« Newest');
      expect(second.text).not.toContain('rel="next"');
    });

    it('searches name, username and email case-insensitively, with % and _ taken literally', async () => {
      const names = async (q: string, extra = '') => rowNames((await admin.get(`/scp/admin/agents?q=${encodeURIComponent(q)}${extra}`).expect(200)).text);
      expect(await names('ana LEE')).toEqual(['Ana Lee']);
      expect(await names('ANA.lee')).toEqual(['Ana Lee']);
      expect(await names('BEN@EXAMPLE')).toEqual(['Ben Okafor']);
      expect(await names('bulk_2')).toEqual(['Bulk Agent 26', 'Bulk Agent 25', 'Bulk Agent 24', 'Bulk Agent 23', 'Bulk Agent 22', 'Bulk Agent 21', 'Bulk Agent 20']);
      expect(await names('%')).toEqual([]);
      expect(await names('_')).toHaveLength(25);
      expect(await names('a_a')).toEqual([]);
      const empty = await admin.get('/scp/admin/agents?q=nobody-here').expect(200);
      expect(empty.text).toContain('No agent matches these filters.');
    });

    it('filters by department (primary or extended) and status, and 404s on a malformed filter', async () => {
      const names = async (query: string) => rowNames((await admin.get(`/scp/admin/agents?${query}`).expect(200)).text);
      // Ana works in Support with extended access to Sales; Cara is in Sales with extended access to Support.
      expect(await names('dept=2&status=active')).toEqual(expect.arrayContaining(['Ana Lee', 'Cara Tester']));
      expect(await names('q=ana&dept=3')).toEqual([]);
      expect(await names('q=bulk&status=disabled')).toEqual([]);
      for (const bad of ['status=gone', 'dept=abc', 'before=-1', 'dept=1&dept=2']) await admin.get(`/scp/admin/agents?${bad}`).expect(404);
    });

    it('shows each agent\'s department, role, admin badge and status', async () => {
      const page = await admin.get('/scp/admin/agents?q=admin').expect(200);
      expect(page.text).toMatch(/Help Desk Administrator<\/a>\s*<span class="badge badge-ok">Admin<\/span>/);
      expect(page.text).toContain('<td data-label="Department">Support</td>');
      expect(page.text).toContain('<td data-label="Role">All Access</td>');
      expect(page.text).toContain('<span class="badge badge-ok">Active</span>');
    });
  });

  it('answers 404 to an agent who is not an admin, on every page and form', async () => {
    await newAgent('gus');
    const gus = await loginAgent(t.http, 'gus', PASSWORD);
    const before = await counts();
    for (const path of ['/scp/admin/agents', '/scp/admin/agents/new', `/scp/admin/agents/${adminRow.id}`]) await gus.get(path).expect(404);
    const token = await formToken(gus, '/scp/tickets');
    const paths = ['', `/${adminRow.id}`, `/${adminRow.id}/password`, `/${adminRow.id}/delete`, `/${adminRow.id}/two-factor/disable`].map((p) => `/scp/admin/agents${p}`);
    for (const path of paths) {
      await gus.post(path).type('form').send({ _csrf: token, ...agentForm({ username: 'sneaky', email: 'sneaky@example.com', isAdmin: '1' }), generatePassword: '1' }).expect(404);
    }
    expect(await counts()).toEqual(before);
  });
});
