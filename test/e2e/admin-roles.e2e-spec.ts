import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { DEFAULT_ROLES, PERMISSIONS } from '../../src/staff/permissions';
import { Role } from '../../src/staff/role.entity';
import { StaffDepartmentAccess } from '../../src/staff/staff-department-access.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const PASSWORD = 'agent-pass-1234';

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1] ?? null;
/** Each row of the roles table: [name, permissions, agents]. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr class="role-row">\s*<td data-label="Name"><a href="[^"]*">([^<]*)<\/a><\/td>\s*<td data-label="Permissions">([^<]*)<\/td>\s*<td data-label="Agents">([^<]*)<\/td>/g)]
    .map((m) => [m[1], m[2], m[3]]);
const checkedPermissions = (html: string) => [...html.matchAll(/<input type="checkbox" id="[^"]*" name="permissions" value="([^"]*)"[^>]*\schecked>/g)].map((m) => m[1]);

describe(`admin: roles (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Agent;

  const roles = () => db.getRepository(Role);
  const audits = (action: string) => db.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const snapshot = async () => ({ roles: await roles().find({ order: { id: 'ASC' } }), audit: await db.getRepository(AuditEvent).count() });
  /** POSTs the role form as a browser does: one `permissions` field per ticked box. */
  async function post(agent: Agent, path: string, name: string | null, permissions: string[] = []) {
    const token = await formToken(agent, '/scp/admin/roles/new');
    const body = new URLSearchParams({ _csrf: token });
    if (name !== null) body.append('name', name);
    for (const p of permissions) body.append('permissions', p);
    return agent.post(path).type('form').send(body.toString());
  }
  const newAgent = (username: string, roleId: number, departmentId = 1) =>
    t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName: username, lastName: 'Tester', password: PASSWORD, departmentId, roleId });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t?.close());

  it('lists the roles with their number of permissions and of agents, counting each agent once', async () => {
    const ivy = await newAgent('ivy', 3); // Limited Access as primary role...
    await db.getRepository(StaffDepartmentAccess).insert([
      { staffId: ivy.id, departmentId: 2, roleId: 3 }, // ...and in Sales: still one agent
      { staffId: ivy.id, departmentId: 3, roleId: 4 }, // View Only through extended access only
    ]);
    const page = await admin.get('/scp/admin/roles').expect(200);
    expect(tableRows(page.text)).toEqual([
      // Counted from the defaults, so a feature adding a permission to them does not break this test.
      ['All Access', `${DEFAULT_ROLES['All Access'].length} permissions`, '1 agent'],
      ['Expanded Access', `${DEFAULT_ROLES['Expanded Access'].length} permissions`, '0 agents'],
      ['Limited Access', '5 permissions', '1 agent'],
      ['View Only', '0 permissions', '1 agent'],
    ]);
  });

  it('shows every permission with a label and a description on the form', async () => {
    const page = await admin.get('/scp/admin/roles/new').expect(200);
    for (const key of PERMISSIONS) expect(page.text).toContain(`name="permissions" value="${key}"`);
    expect(page.text).toContain('<strong>Mark answered</strong>');
    expect(page.text).toContain('Add, edit and delete canned responses.');
    const edit = await admin.get('/scp/admin/roles/3').expect(200);
    expect(checkedPermissions(edit.text)).toEqual(['ticket.create', 'ticket.assign', 'ticket.transfer', 'ticket.reply', 'ticket.close']);
    await admin.get('/scp/admin/roles/999999').expect(404);
    await admin.get('/scp/admin/roles/0').expect(404);
  });

  it('creates a role, storing its permissions in a stable order, and audits it', async () => {
    const res = await post(admin, '/scp/admin/roles', '  Night Shift  ', ['ticket.reply', 'ticket.assign']);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/roles');
    expect(flashes((await admin.get('/scp/admin/roles').expect(200)).text)).toEqual(['success: Role “Night Shift” created.']);
    const role = await roles().findOneByOrFail({ name: 'Night Shift' });
    expect(role.permissions).toEqual(['ticket.assign', 'ticket.reply']);
    const [event] = await audits('role.created');
    expect(event).toMatchObject({ targetType: 'role', targetId: role.id, targetLabel: 'Night Shift', before: null, after: { name: 'Night Shift', permissions: ['ticket.assign', 'ticket.reply'] } });
  });

  it.each([
    ['no name', '   ', ['ticket.reply'], 'Enter a name for the role.'],
    ['a missing name field', null, ['ticket.reply'], 'Enter a name for the role.'],
    ['a name taken in another letter case', 'all ACCESS', ['ticket.reply'], 'Another role already has that name.'],
    ['a name over 64 characters', 'R'.repeat(65), ['ticket.reply'], 'Use at most 64 characters.'],
  ])('refuses %s with 422, keeping the ticked boxes, and writes nothing', async (_case, name, permissions, message) => {
    const before = await snapshot();
    const res = await post(admin, '/scp/admin/roles', name, permissions);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'role-name')).toBe(message);
    expect(checkedPermissions(res.text)).toEqual(permissions);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a permission that does not exist with 422 and writes nothing', async () => {
    const before = await snapshot();
    const res = await post(admin, '/scp/admin/roles', 'Wizards', ['ticket.reply', 'ticket.teleport']);
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'role-permissions')).toBe('Choose permissions from the list.');
    expect(res.text).toContain('value="Wizards"');
    expect(await snapshot()).toEqual(before);
  });

  it('renames a role and changes its permissions: its agents get them at once, and the audit shows the change', async () => {
    const role = await roles().findOneByOrFail({ name: 'Night Shift' });
    const jon = await newAgent('jon', role.id);
    const res = await post(admin, `/scp/admin/roles/${role.id}`, 'Night Crew', ['ticket.reply', 'ticket.close', 'canned.manage']);
    expect(res.status).toBe(303);
    expect(flashes((await admin.get('/scp/admin/roles').expect(200)).text)).toEqual(['success: Role “Night Crew” updated.']);
    const scope = await t.app.get(StaffService).scope(jon.id);
    expect(scope?.permissionsByDepartment[1]).toEqual(['ticket.reply', 'ticket.close', 'canned.manage']);
    const [event] = await audits('role.updated');
    expect(event.before).toEqual({ name: 'Night Shift', permissions: ['ticket.assign', 'ticket.reply'] });
    expect(event.after).toEqual({ name: 'Night Crew', permissions: ['ticket.reply', 'ticket.close', 'canned.manage'] });

    // Its own name in another letter case is fine; another role's is not.
    expect((await post(admin, `/scp/admin/roles/${role.id}`, 'NIGHT CREW', ['ticket.reply'])).status).toBe(303);
    const taken = await post(admin, `/scp/admin/roles/${role.id}`, 'View only', ['ticket.reply']);
    expect(taken.status).toBe(422);
    expect(fieldError(taken.text, 'role-name')).toBe('Another role already has that name.');
    expect((await roles().findOneByOrFail({ id: role.id })).name).toBe('NIGHT CREW');
  });

  it('refuses to delete a role in use (primary or extended access), saying how many agents hold it', async () => {
    for (const [roleId, message] of [
      [1, 'error: The role “All Access” is used by 1 agent; give them another role first.'],
      [4, 'error: The role “View Only” is used by 1 agent; give them another role first.'], // extended access only
    ] as const) {
      const before = await snapshot();
      const res = await post(admin, `/scp/admin/roles/${roleId}/delete`, null);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/scp/admin/roles/${roleId}`);
      expect(flashes((await admin.get(res.headers.location).expect(200)).text)).toEqual([message]);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('deletes a role nobody holds, audited', async () => {
    const res = await post(admin, '/scp/admin/roles/2/delete', null);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/roles');
    expect(flashes((await admin.get('/scp/admin/roles').expect(200)).text)).toEqual(['success: Role “Expanded Access” deleted.']);
    expect(await roles().findOneBy({ id: 2 })).toBeNull();
    const [event] = await audits('role.deleted');
    expect(event).toMatchObject({ targetId: 2, targetLabel: 'Expanded Access', after: null, before: { name: 'Expanded Access' } });
    await admin.post('/scp/admin/roles/2/delete').type('form').send({ _csrf: await formToken(admin, '/scp/admin/roles/new') }).expect(404);
  });

  it('answers 404 to an agent who is not an admin, on every page and form', async () => {
    await newAgent('kim', 1);
    const kim = await loginAgent(t.http, 'kim', PASSWORD);
    const before = await snapshot();
    for (const path of ['/scp/admin/roles', '/scp/admin/roles/new', '/scp/admin/roles/1']) await kim.get(path).expect(404);
    const token = await formToken(kim, '/scp/tickets');
    for (const path of ['/scp/admin/roles', '/scp/admin/roles/4', '/scp/admin/roles/3/delete']) {
      await kim.post(path).type('form').send({ _csrf: token, name: 'Sneaky', permissions: 'ticket.delete' }).expect(404);
    }
    expect(await snapshot()).toEqual(before);
    expect(await db.getRepository(Staff).count()).toBe(4);
  });
});
