import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ApiKey } from '../../src/api-keys/api-keys.entities';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { AuditActor } from '../../src/audit/audit.service';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { testDbKind } from '../support/test-db';

const SYSTEM: AuditActor = { type: 'system', id: null, name: 'test setup', ip: null };

describe(`API authentication with keys (${testDbKind})`, () => {
  let t: TestApp;
  let ticket: Ticket;
  const used = (keyId: number) => t.dataSource.getRepository(AuditEvent).findBy({ action: 'api_key.used', targetId: keyId });
  const makeKey = async (name: string, scopes: string[], ipAllowlist = '') => t.app.get(ApiKeysService).create(SYSTEM, { name, scopes, ipAllowlist });
  const get = (path: string, key?: string) => {
    const req = request(t.http).get(path);
    return key === undefined ? req : req.set('X-API-Key', key);
  };

  beforeAll(async () => {
    t = await createTestApp();
    ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'Since 9am.', source: 'web', uploads: [],
    });
  });
  afterAll(() => t.close());

  it('lets a key with the tickets.read scope read a ticket by number, as JSON', async () => {
    const { plainKey } = await makeKey('Reader', ['tickets.read']);
    const res = await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ number: ticket.number, subject: 'Mobile banking is down', status: 'Open', createdAt: ticket.createdAt.toISOString() });
    expect(res.text).not.toContain(plainKey);
  });

  it('answers an unknown ticket number with 404 JSON', async () => {
    const { plainKey } = await makeKey('Reader 2', ['tickets.read']);
    for (const number of ['999999', 'no%20such', 'x'.repeat(40)]) {
      const res = await get(`/api/tickets/${number}`, plainKey).expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'We could not find that ticket.' } });
    }
  });

  it('refuses a missing, malformed, unknown or revoked key with 401 JSON', async () => {
    const { key, plainKey } = await makeKey('Soon revoked', ['tickets.read']);
    await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    await t.app.get(ApiKeysService).revoke(SYSTEM, key.id);
    const missing = await get(`/api/tickets/${ticket.number}`).expect(401);
    expect(missing.body).toEqual({ error: { code: 'unauthenticated', message: 'Send your API key in the X-API-Key header.' } });
    for (const bad of ['', 'not-a-key', randomBytes(32).toString('base64url'), plainKey]) {
      const res = await get(`/api/tickets/${ticket.number}`, bad).expect(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(typeof res.body.error.message).toBe('string');
    }
  });

  it('accepts the key only in the X-API-Key header: never in the query string or another header', async () => {
    const { plainKey } = await makeKey('Header only', ['tickets.read']);
    const query = await request(t.http).get(`/api/tickets/${ticket.number}?api_key=${plainKey}`).expect(401);
    expect(query.body.error.code).toBe('unauthenticated');
    await request(t.http).get(`/api/tickets/${ticket.number}`).set('Authorization', `Bearer ${plainKey}`).expect(401);
    await request(t.http).get(`/api/tickets/${ticket.number}`).set('X-API-Key', plainKey).expect(200);
  });

  it('refuses a key without the route\'s scope with 403, and records no use', async () => {
    const { key, plainKey } = await makeKey('Creator', ['tickets.create', 'tickets.email']);
    const res = await get(`/api/tickets/${ticket.number}`, plainKey).expect(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: 'This API key does not have the tickets.read scope.' } });
    expect(await used(key.id)).toHaveLength(0);
    expect((await t.dataSource.getRepository(ApiKey).findOneByOrFail({ id: key.id })).lastUsedAt).toBeNull();
  });

  it('refuses a key used from outside its allow-list with 403', async () => {
    const { key, plainKey } = await makeKey('Office only', ['tickets.read'], '203.0.113.0/24\n2001:db8::/32');
    // The test client is on loopback, which TRUST_PROXY=loopback trusts for X-Forwarded-For.
    const outside = await get(`/api/tickets/${ticket.number}`, plainKey).expect(403);
    expect(outside.body).toEqual({ error: { code: 'forbidden', message: 'This API key may not be used from your address.' } });
    await get(`/api/tickets/${ticket.number}`, plainKey).set('X-Forwarded-For', '198.51.100.4').expect(403);
    await get(`/api/tickets/${ticket.number}`, plainKey).set('X-Forwarded-For', '203.0.113.77').expect(200);
    await get(`/api/tickets/${ticket.number}`, plainKey).set('X-Forwarded-For', '2001:db8:5::1').expect(200);
    const events = await used(key.id);
    expect(events).toHaveLength(1);
    expect(events[0].ipAddress).toBe('203.0.113.77');
  });

  it('records api_key.used at most once a minute per key, and sets last used', async () => {
    const { key, plainKey } = await makeKey('Busy', ['tickets.read']);
    for (let i = 0; i < 5; i++) await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    const events = await used(key.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: 'api', actorId: key.id, actorName: 'Busy', targetType: 'api_key', targetLabel: 'Busy' });
    expect(events[0].ipAddress).toMatch(/127\.0\.0\.1/);
    const repo = t.dataSource.getRepository(ApiKey);
    const lastUsedAt = (await repo.findOneByOrFail({ id: key.id })).lastUsedAt;
    expect(lastUsedAt).toBeInstanceOf(Date);

    // A minute later (moved back in the database rather than waited for), the next call is recorded again.
    await repo.update({ id: key.id }, { lastUsedAt: new Date(lastUsedAt!.getTime() - 61_000) });
    await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    expect(await used(key.id)).toHaveLength(2);
    expect((await repo.findOneByOrFail({ id: key.id })).lastUsedAt!.getTime()).toBeGreaterThan(lastUsedAt!.getTime() - 61_000);
  });

  it('needs no CSRF token or session, and sets no cookie', async () => {
    const { plainKey } = await makeKey('Stateless', ['tickets.read']);
    const res = await get(`/api/tickets/${ticket.number}`, plainKey).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
