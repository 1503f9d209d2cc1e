import request from 'supertest';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

describe(`admin panel access (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
  });
  afterAll(() => t.close());

  it('shows admins the panel with its sections', async () => {
    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const res = await admin.get('/scp/admin').expect(200);
    for (const section of ['Settings', 'Manage', 'Agents', 'Departments', 'Audit Log']) expect(res.text).toContain(section);
  });

  it('answers 404 to a signed-in agent who is not an admin, for pages and posts alike', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const page = await john.get('/scp/admin').expect(404);
    expect(page.text).toContain('Staff Control Panel');
    await john.get('/scp/admin/departments').expect(404);
  });

  it('sends visitors who are not signed in to the login page', async () => {
    const res = await request(t.http).get('/scp/admin');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/login?next=%2Fscp%2Fadmin');
  });
});
