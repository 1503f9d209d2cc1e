import request from 'supertest';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom } from '../support/http';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

function sessionCookie(headers: Record<string, unknown>): string {
  const cookies = (headers['set-cookie'] as string[] | undefined) ?? [];
  const sid = cookies.find((c) => c.startsWith('relaydesk_sid='));
  if (!sid) throw new Error('no session cookie was set');
  return sid.split(';')[0];
}

// Sessions live in the database: an agent stays logged in across a restart (or on another instance).
describe(`sessions across a restart (${testDbKind})`, () => {
  const shared = { SESSION_SECRET: 'a-secret-shared-by-both-instances-0123456789', ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' };
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close();
  });

  it('keeps the agent logged in after the app restarts', async () => {
    const DATABASE_URL = await freshDatabaseUrl();
    first = await createTestApp({ ...shared, DATABASE_URL });
    const login = request(first.http);
    const form = await login.get('/scp/login');
    const token = csrfFrom(form.text);
    const res = await request(first.http).post('/scp/login').set('Cookie', sessionCookie(form.headers))
      .type('form').send({ _csrf: token, username: 'admin', password: 'admin-pass-123' }).expect(303);
    const cookie = sessionCookie(res.headers);
    await request(first.http).get('/scp/tickets').set('Cookie', cookie).expect(200);
    await first.close();
    first = undefined;

    second = await createTestApp({ ...shared, DATABASE_URL });
    const again = await request(second.http).get('/scp/tickets').set('Cookie', cookie);
    expect(again.status).toBe(200);
    expect(again.text).toContain('Signed in as');
    const anonymous = await request(second.http).get('/scp/tickets');
    expect(anonymous.status).toBe(303);
  });
});
