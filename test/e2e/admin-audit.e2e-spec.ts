import request from 'supertest';
import { MoreThan } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const rowIds = (html: string) => [...html.matchAll(/<tr id="audit-(\d+)">/g)].map((m) => Number(m[1]));
const unescape = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const nextUrl = (html: string) => {
  const href = /<a class="button button-secondary" href="([^"]+)" rel="next">/.exec(html)?.[1];
  return href === undefined ? undefined : unescape(href);
};
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

describe(`admin: audit log (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let john: Staff;
  const events = () => t.dataSource.getRepository(AuditEvent);
  const lastId = async () => (await events().find({ order: { id: 'DESC' }, take: 1 }))[0]?.id ?? 0;
  const since = (id: number) => events().find({ where: { id: MoreThan(id) }, order: { id: 'ASC' } });

  /** One login attempt through the real form, from the given address (the app trusts X-Forwarded-For from loopback). */
  async function attempt(username: string, password: string, ip: string) {
    const agent = request.agent(t.http);
    const token = await formToken(agent, '/scp/login');
    const res = await agent.post('/scp/login').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username, password });
    return { agent, res };
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    john = await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  describe('security events', () => {
    it('records a failed login with the login tried (never the password), the account when it exists, and the address', async () => {
      const start = await lastId();
      expect((await attempt('Ghost', 'ghost-secret-pw', '198.51.100.7')).res.status).toBe(401);
      expect((await attempt('john@example.com', 'wrong-secret-pw', '198.51.100.8')).res.status).toBe(401);
      const rows = await since(start);
      expect(rows.map((r) => [r.action, r.actorType, r.actorId, r.actorName, r.ipAddress, r.after])).toEqual([
        ['auth.login_failed', 'staff', null, 'Ghost', '198.51.100.7', { reason: 'unknown_account' }],
        ['auth.login_failed', 'staff', john.id, 'john@example.com', '198.51.100.8', { reason: 'wrong_password' }],
      ]);
      expect(JSON.stringify(await events().find())).not.toMatch(/secret-pw/);
    });

    it('records a successful login and a logout', async () => {
      const start = await lastId();
      const { agent, res } = await attempt('john', 'john-pass-123', '198.51.100.9');
      expect(res.status).toBe(303);
      const page = await agent.get('/scp/tickets').expect(200);
      await agent.post('/scp/logout').set('X-Forwarded-For', '198.51.100.9').type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
      const rows = await since(start);
      expect(rows.map((r) => [r.action, r.actorId, r.actorName, r.ipAddress])).toEqual([
        ['auth.login_succeeded', john.id, 'John Doe', '198.51.100.9'],
        ['auth.logged_out', john.id, 'John Doe', '198.51.100.9'],
      ]);
    });

    it('records the lockout once, when the fifth failure locks the account; later tries are failures while locked', async () => {
      const start = await lastId();
      for (let i = 1; i <= 5; i++) expect((await attempt('JOHN', `wrong-${i}`, `203.0.113.${i}`)).res.status).toBe(401);
      // The right password while locked still fails.
      expect((await attempt('john', 'john-pass-123', '203.0.113.6')).res.status).toBe(401);
      const rows = await since(start);
      expect(rows.map((r) => [r.action, r.actorId, r.ipAddress, r.after])).toEqual([
        ['auth.login_failed', john.id, '203.0.113.1', { reason: 'wrong_password' }],
        ['auth.login_failed', john.id, '203.0.113.2', { reason: 'wrong_password' }],
        ['auth.login_failed', john.id, '203.0.113.3', { reason: 'wrong_password' }],
        ['auth.login_failed', john.id, '203.0.113.4', { reason: 'wrong_password' }],
        ['auth.login_failed', john.id, '203.0.113.5', { reason: 'wrong_password' }],
        ['auth.locked_out', john.id, '203.0.113.5', { locked: 'account', minutes: 15 }],
        ['auth.login_failed', john.id, '203.0.113.6', { reason: 'throttled' }],
      ]);
    });

    it('records the lockout of an address after twenty failures from it', async () => {
      const start = await lastId();
      for (let i = 1; i <= 20; i++) await attempt(`nobody${i}`, 'whatever-pw', '192.0.2.50');
      const locks = (await since(start)).filter((r) => r.action === 'auth.locked_out');
      expect(locks.map((r) => [r.actorName, r.ipAddress, r.after])).toEqual([['nobody20', '192.0.2.50', { locked: 'address', minutes: 15 }]]);
    });
  });

  describe('viewer', () => {
    const at = (iso: string) => new Date(iso);
    beforeAll(async () => {
      await events().insert([
        { createdAt: at('2020-03-01T10:00:00Z'), actorType: 'staff', actorId: 1, actorName: 'Jane Roe', ipAddress: '192.0.2.1', action: 'department.updated', targetType: 'department', targetId: 2, targetLabel: 'Sales & <b>Co</b>', before: { name: 'Sales', isPublic: true }, after: { name: 'Sales & <b>Co</b>', isPublic: false } },
        { createdAt: at('2020-03-02T23:59:59Z'), actorType: 'staff', actorId: 1, actorName: 'Jane Roe', ipAddress: '192.0.2.1', action: 'team.created', targetType: 'team', targetId: 5, targetLabel: 'Night shift', before: null, after: { name: 'Night shift' } },
        { createdAt: at('2020-03-03T00:00:00Z'), actorType: 'api', actorId: 9, actorName: 'Mail pipe 50%_off', ipAddress: '203.0.113.9', action: 'api_key.used', targetType: 'api_key', targetId: 9, targetLabel: 'Mail pipe', before: null, after: null },
      ]);
    });

    it('lists entries newest first, with the before/after of each in an expandable diff, all escaped', async () => {
      const res = await admin.get('/scp/admin/audit').expect(200);
      const ids = rowIds(res.text);
      expect(ids.length).toBeGreaterThan(10);
      const rows = await events().find({ order: { createdAt: 'DESC', id: 'DESC' }, take: ids.length });
      expect(ids).toEqual(rows.map((r) => r.id));
      expect(res.text).toContain('<code>auth.login_failed</code>');
      expect(res.text).toContain('<summary>2 fields</summary>');
      expect(res.text).toContain('<pre class="diff">name: &quot;Sales&quot; → &quot;Sales &amp; &lt;b&gt;Co&lt;/b&gt;&quot;\nisPublic: true → false</pre>');
      expect(res.text).toContain('<pre class="diff">+ name: &quot;Night shift&quot;</pre>');
      expect(res.text).not.toContain('<b>Co</b>');
    });

    const ids = async (query: string) => rowIds((await admin.get(`/scp/admin/audit?${query}`).expect(200)).text);
    const idsWhere = async (where: (e: AuditEvent) => boolean) =>
      (await events().find({ order: { createdAt: 'DESC', id: 'DESC' } })).filter(where).map((e) => e.id).slice(0, 50);

    it('filters by action group, action prefix, actor, target type and dates, together', async () => {
      expect(await ids('group=auth.')).toEqual(await idsWhere((e) => e.action.startsWith('auth.')));
      expect(await ids('action=auth.locked')).toEqual(await idsWhere((e) => e.action === 'auth.locked_out'));
      expect(await ids('group=auth.&action=auth.login_s')).toEqual(await idsWhere((e) => e.action === 'auth.login_succeeded'));
      expect(await ids('actor=jOHN+d')).toEqual(await idsWhere((e) => e.actorName === 'John Doe'));
      expect(await ids('actor=50%25_')).toEqual(await idsWhere((e) => e.actorName === 'Mail pipe 50%_off'));
      expect(await ids('actor=5_%25')).toEqual([]);
      expect(await ids('target=team')).toEqual(await idsWhere((e) => e.targetType === 'team'));
      expect(await ids('from=2020-03-02&to=2020-03-02')).toEqual(await idsWhere((e) => e.action === 'team.created'));
      expect(await ids('from=2020-03-01&to=2020-03-03')).toHaveLength(3);
      expect(await ids('to=2020-03-01')).toEqual(await idsWhere((e) => e.action === 'department.updated'));
      expect(await ids('group=api_key.&actor=mail&from=2020-01-01&to=2020-12-31')).toEqual(await idsWhere((e) => e.action === 'api_key.used' && e.actorName.startsWith('Mail')));
      const none = await admin.get('/scp/admin/audit?actor=nobody-at-all').expect(200);
      expect(none.text).toContain('No entries match these filters.');
    });

    it('pages 50 at a time with a keyset cursor, keeping the filters, without gaps or repeats', async () => {
      const base = at('2021-06-01T12:00:00Z').getTime();
      // Many rows share a second, so the id breaks the ties.
      await events().insert(Array.from({ length: 120 }, (_, i) => ({
        createdAt: new Date(base + Math.floor(i / 7) * 1000), actorType: 'system' as const, actorId: null, actorName: 'Scheduler',
        ipAddress: null, action: 'test.bulk', targetType: null, targetId: null, targetLabel: null, before: null, after: null,
      })));
      const expected = (await events().find({ where: { action: 'test.bulk' }, order: { createdAt: 'DESC', id: 'DESC' } })).map((e) => e.id);
      const seen: number[] = [];
      let url: string | undefined = '/scp/admin/audit?action=test.&actor=sched';
      let pages = 0;
      while (url) {
        const res = await admin.get(url).expect(200);
        seen.push(...rowIds(res.text));
        if (pages > 0) expect(unescape(res.text)).toContain('href="/scp/admin/audit?action=test.&actor=sched">« Newest</a>');
        url = nextUrl(res.text);
        if (url) expect(url).toMatch(/^\/scp\/admin\/audit\?action=test\.&actor=sched&before=\d+$/);
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
    });

    it('answers bad filters with 422, the messages and the typed values, and a bad cursor with 404', async () => {
      const cases: [string, string, string][] = [
        ['from=2026-02-30', 'audit-from', 'That date does not exist.'],
        ['to=01/02/2026', 'audit-to', 'Enter a date as YYYY-MM-DD.'],
        ['from=2026-03-02&to=2026-03-01', 'audit-to', 'The end date is before the start date.'],
        ['action=%3Cscript%3E', 'audit-action', 'Enter the start of an action name: letters, digits, dots and underscores, like api_key. or auth.login.'],
        ['group=ticket.', 'audit-group', 'Choose an action group from the list.'],
        ['target=Api+Key', 'audit-target', 'Enter a target type, like department or api_key.'],
        [`actor=${'x'.repeat(101)}`, 'audit-actor', 'Enter at most 100 characters.'],
      ];
      for (const [query, id, message] of cases) {
        const res = await admin.get(`/scp/admin/audit?${query}`);
        expect([query, res.status]).toEqual([query, 422]);
        expect(fieldError(res.text, id)).toBe(message);
        expect(rowIds(res.text)).toEqual([]);
      }
      const kept = await admin.get('/scp/admin/audit?from=2026-02-30&actor=Jane').expect(422);
      expect(kept.text).toMatch(/id="audit-from" name="from" type="date" value="2026-02-30"/);
      expect(kept.text).toMatch(/id="audit-actor" name="actor" type="text" value="Jane"/);
      for (const before of ['abc', '0', '-1', '99999999']) await admin.get(`/scp/admin/audit?before=${before}`).expect(404);
    });
  });

  describe('read-only', () => {
    it('has no route that changes or removes an entry: every attempt is 404 and nothing changes', async () => {
      const token = await formToken(admin, '/scp/admin/audit');
      const [row] = await events().find({ order: { id: 'ASC' }, take: 1 });
      const count = await events().count();
      const attempts: ['post' | 'delete' | 'put' | 'patch', string][] = [
        ['post', '/scp/admin/audit'],
        ['post', `/scp/admin/audit/${row.id}`],
        ['post', `/scp/admin/audit/${row.id}/delete`],
        ['post', `/scp/admin/audit/${row.id}/edit`],
        ['post', '/scp/admin/audit/delete'],
        ['post', '/scp/admin/audit/purge'],
        ['delete', `/scp/admin/audit/${row.id}`],
        ['delete', '/scp/admin/audit'],
        ['put', `/scp/admin/audit/${row.id}`],
        ['patch', `/scp/admin/audit/${row.id}`],
      ];
      for (const [method, path] of attempts) {
        const res = await admin[method](path).set('X-CSRF-Token', token).type('form').send({ _csrf: token, action: 'x', ids: String(row.id) });
        expect([method, path, res.status]).toEqual([method, path, 404]);
      }
      await admin.get(`/scp/admin/audit/${row.id}`).expect(404);
      expect(await events().count()).toBe(count);
      expect(await events().findOneByOrFail({ id: row.id })).toEqual(row);
    });

    it('answers 404 to an agent who is not an admin', async () => {
      await t.dataSource.query('DELETE FROM login_throttles'); // john was locked out above
      const agent = await loginAgent(t.http, 'john', 'john-pass-123');
      await agent.get('/scp/admin/audit').expect(404);
      await agent.get('/scp/admin/audit?group=auth.').expect(404);
    });
  });
});
