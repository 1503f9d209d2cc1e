import { createHash } from 'node:crypto';
import request from 'supertest';
import { ApiKey } from '../../src/api-keys/api-keys.entities';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const secretOf = (html: string) => /<p class="secret-once"><code>([A-Za-z0-9_-]{43})<\/code><\/p>/.exec(html)?.[1];
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];

describe(`admin: API keys (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const keys = () => t.dataSource.getRepository(ApiKey);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function create(fields: Record<string, string | string[]>) {
    const token = await formToken(admin, '/scp/admin/api-keys/new');
    return admin.post('/scp/admin/api-keys').type('form').send({ _csrf: token, ...fields });
  }

  it('shows a new key once, stores only its hash, and never shows it again', async () => {
    const res = await create({ name: 'Mail server pipe', scopes: ['tickets.email', 'tickets.create'], ipAllowlist: ' 203.0.113.0/24 \r\n\r\n2001:DB8::1\r\n' });
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('It is shown only once');
    const plain = secretOf(res.text)!;
    expect(plain).toHaveLength(43);

    const row = await keys().findOneByOrFail({ name: 'Mail server pipe' });
    expect(row).toMatchObject({
      keyPrefix: plain.slice(0, 8),
      keyHash: createHash('sha256').update(plain).digest('hex'),
      scopes: ['tickets.create', 'tickets.email'],
      ipAllowlist: ['203.0.113.0/24', '2001:db8::1'],
      lastUsedAt: null,
      revokedAt: null,
    });
    // Nowhere in the database: not in the key's row, the session that made it, nor the audit log.
    for (const table of ['api_keys', 'sessions', 'audit_events']) {
      expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM ${table}`))).not.toContain(plain);
    }
    const [created] = await audits('api_key.created');
    expect(created).toMatchObject({
      actorType: 'staff', actorName: 'Help Desk Administrator', targetType: 'api_key', targetId: row.id, targetLabel: 'Mail server pipe',
      after: { name: 'Mail server pipe', keyPrefix: plain.slice(0, 8), scopes: ['tickets.create', 'tickets.email'], ipAllowlist: ['203.0.113.0/24', '2001:db8::1'] },
    });
    expect(created.ipAddress).toMatch(/127\.0\.0\.1/);

    const list = await admin.get('/scp/admin/api-keys').expect(200);
    expect(list.text).toContain('Mail server pipe');
    expect(list.text).toContain(`<code>${plain.slice(0, 8)}…</code>`);
    expect(list.text).toContain('<code>203.0.113.0/24</code>, <code>2001:db8::1</code>');
    expect(list.text).toContain('Never');
    expect(list.text).not.toContain(plain);
    expect(list.text).not.toContain(row.keyHash);
  });

  it('re-renders the form with 422, the typed values and nothing written, for each kind of bad input', async () => {
    const before = { keys: await keys().count(), audits: (await audits('api_key.created')).length };
    const cases: { fields: Record<string, string | string[]>; field: string; message: string }[] = [
      { fields: { name: '  ', scopes: ['tickets.read'], ipAllowlist: '' }, field: 'key-name', message: 'Enter a name for the key' },
      { fields: { name: 'No scope', ipAllowlist: '10.0.0.1' }, field: 'key-scopes', message: 'Choose at least one scope from the list.' },
      { fields: { name: 'Bad scope', scopes: ['tickets.read', 'admin.everything'], ipAllowlist: '' }, field: 'key-scopes', message: 'Choose at least one scope from the list.' },
      { fields: { name: 'Bad list', scopes: ['tickets.read'], ipAllowlist: '10.0.0.1\nexample.com' }, field: 'key-allowlist', message: '“example.com” is not an IP address or CIDR range' },
      { fields: { name: 'Bad range', scopes: ['tickets.read'], ipAllowlist: '10.0.0.0/33' }, field: 'key-allowlist', message: '“10.0.0.0/33” is not an IP address or CIDR range' },
      { fields: { name: 'mail SERVER pipe', scopes: ['tickets.read'], ipAllowlist: '' }, field: 'key-name', message: 'A key named “mail SERVER pipe” is already in use.' },
    ];
    for (const { fields, field, message } of cases) {
      const res = await create(fields);
      expect([fields, res.status]).toEqual([fields, 422]);
      expect(fieldError(res.text, field)).toContain(message);
      expect(secretOf(res.text)).toBeUndefined();
      if (typeof fields.name === 'string' && fields.name.trim()) expect(res.text).toContain(`value="${fields.name}"`);
    }
    const all = await create({ name: '', ipAllowlist: 'nope' });
    expect([fieldError(all.text, 'key-name'), fieldError(all.text, 'key-scopes'), fieldError(all.text, 'key-allowlist')]).toEqual([
      expect.stringContaining('Enter a name'), 'Choose at least one scope from the list.', expect.stringContaining('“nope” is not an IP address'),
    ]);
    const kept = await create({ name: 'Kept', scopes: ['tickets.read'], ipAllowlist: '10.0.0.1\nnope' });
    expect(kept.text).toMatch(/<input type="checkbox" id="key-scope-tickets-read" name="scopes" value="tickets.read" checked>/);
    expect(kept.text).not.toMatch(/value="tickets.create" checked/);
    expect(kept.text).toMatch(/<textarea[^>]*id="key-allowlist"[^>]*>\n10\.0\.0\.1\nnope<\/textarea>/);
    expect({ keys: await keys().count(), audits: (await audits('api_key.created')).length }).toEqual(before);
  });

  it('revokes a key (once), keeps it listed as revoked, and frees its name', async () => {
    const row = await keys().findOneByOrFail({ name: 'Mail server pipe' });
    const token = await formToken(admin, '/scp/admin/api-keys');
    const list = await admin.get('/scp/admin/api-keys');
    expect(list.text).toContain(`data-confirm="Revoke the API key “Mail server pipe”? Programs using it are refused from now on."`);

    const res = await admin.post(`/scp/admin/api-keys/${row.id}/revoke`).type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/api-keys');
    const revoked = await keys().findOneByOrFail({ id: row.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const page = await admin.get('/scp/admin/api-keys');
    expect(page.text).toContain('API key “Mail server pipe” revoked.');
    expect(page.text).toMatch(/<tr class="is-disabled">[\s\S]*Mail server pipe[\s\S]*Revoked/);

    await admin.post(`/scp/admin/api-keys/${row.id}/revoke`).type('form').send({ _csrf: token }).expect(303);
    const events = await audits('api_key.revoked');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetId: row.id, before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    // MySQL keeps whole seconds; the audit record keeps the moment itself.
    expect(Math.abs(Date.parse(events[0].after!.revokedAt as string) - revoked.revokedAt!.getTime())).toBeLessThan(1000);

    expect((await create({ name: 'Mail server pipe', scopes: ['tickets.email'], ipAllowlist: '' })).status).toBe(201);
  });

  it('searches the list by name or key prefix, with LIKE wildcards taken literally', async () => {
    expect((await create({ name: 'Monitoring probe', scopes: ['tickets.read'], ipAllowlist: '' })).status).toBe(201);
    expect((await create({ name: 'Billing_sync 100%', scopes: ['tickets.read'], ipAllowlist: '' })).status).toBe(201);
    const names = (html: string) => [...html.matchAll(/<td data-label="Name">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(names((await admin.get('/scp/admin/api-keys?q=monitor').expect(200)).text)).toEqual(['Monitoring probe']);
    expect(names((await admin.get('/scp/admin/api-keys?q=_sync%2010').expect(200)).text)).toEqual(['Billing_sync 100%']);
    expect(names((await admin.get('/scp/admin/api-keys?q=%25').expect(200)).text)).toEqual(['Billing_sync 100%']);
    const probe = await keys().findOneByOrFail({ name: 'Monitoring probe' });
    expect(names((await admin.get(`/scp/admin/api-keys?q=${probe.keyPrefix}`).expect(200)).text)).toEqual(['Monitoring probe']);
    const none = await admin.get('/scp/admin/api-keys?q=nothing-like-this').expect(200);
    expect(none.text).toContain('No API key matches “nothing-like-this”.');
  });

  it('answers 404 to a bad or unknown id', async () => {
    const token = await formToken(admin, '/scp/admin/api-keys');
    for (const id of ['abc', '0', '99999', '1e3']) {
      await admin.post(`/scp/admin/api-keys/${id}/revoke`).type('form').send({ _csrf: token }).expect(404);
    }
  });

  it('answers 404 to an agent who is not an admin, on every route, and writes nothing', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    const { key: { id } } = await t.app.get(ApiKeysService).create({ type: 'system', id: null, name: 'test', ip: null }, { name: 'Still active', scopes: ['tickets.read'], ipAllowlist: '' });
    const count = await keys().count();
    await john.get('/scp/admin/api-keys').expect(404);
    await john.get('/scp/admin/api-keys/new').expect(404);
    await john.post('/scp/admin/api-keys').type('form').send({ _csrf: token, name: 'Sneaky', scopes: 'tickets.read', ipAllowlist: '' }).expect(404);
    await john.post(`/scp/admin/api-keys/${id}/revoke`).type('form').send({ _csrf: token }).expect(404);
    expect(await keys().count()).toBe(count);
    expect(await keys().countBy({ name: 'Sneaky' })).toBe(0);
    expect((await keys().findOneByOrFail({ id })).revokedAt).toBeNull();
  });
});
