import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CannedResponse } from '../../src/canned/canned.entities';
import { Department } from '../../src/departments/department.entity';
import { DepartmentsService } from '../../src/departments/departments.service';
import { StaffService } from '../../src/staff/staff.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
/** A form body as browsers send it: repeated fields as repeated keys. */
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`admin: departments (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let johnId: number;
  let janeId: number;
  const departments = () => t.dataSource.getRepository(Department);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    johnId = (await staff.create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 })).id;
    janeId = (await staff.create({ username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Roe', password: 'jane-pass-123', departmentId: 2, roleId: 2 })).id;
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]> = {}, tokenPage = '/scp/admin/departments/new') {
    const token = await formToken(admin, tokenPage);
    return admin.post(path).type('form').send(encode({ _csrf: token, ...fields }));
  }
  const form = (fields: Partial<Record<'name' | 'parentId' | 'managerId' | 'slaPlanId' | 'email', string>> & { isPublic?: boolean }) => ({
    name: '', parentId: '', managerId: '', slaPlanId: '', email: '', ...fields, isPublic: fields.isPublic ? ['0', '1'] : '0',
  });

  it('lists the departments with their counts, and searches them by name', async () => {
    const res = await admin.get('/scp/admin/departments').expect(200);
    for (const name of ['Support', 'Sales', 'Maintenance']) expect(res.text).toContain(`>${name}</a>`);
    const row = /<tr class="department-row">[\s\S]*?>Sales<\/a>[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(row).toMatch(/data-label="Agents">1</);

    const found = await admin.get('/scp/admin/departments').query({ q: 'SAL' }).expect(200);
    expect(found.text).toContain('>Sales</a>');
    expect(found.text).not.toContain('>Support</a>');
    const none = await admin.get('/scp/admin/departments').query({ q: '%' }).expect(200);
    expect(none.text).toContain('No department matches “%”.');
  });

  it('creates a department with its parent, manager, SLA plan, outgoing address and visibility, audited', async () => {
    const res = await post('/scp/admin/departments', form({ name: '  Billing ', parentId: '2', managerId: String(janeId), slaPlanId: '1', email: 'Billing@Example.com', isPublic: true }));
    expect(res.status).toBe(303);
    const row = await departments().findOneByOrFail({ name: 'Billing' });
    expect(row).toMatchObject({ parentId: 2, managerId: janeId, slaPlanId: 1, email: 'billing@example.com', isPublic: true, isActive: true });
    expect(res.headers.location).toBe(`/scp/admin/departments/${row.id}`);

    const page = await admin.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain('success: Department “Billing” created.');
    expect(page.text).toContain('Department: Sales / Billing');
    const privateOne = await post('/scp/admin/departments', form({ name: 'Back Office' }));
    expect(privateOne.status).toBe(303);
    expect(await departments().findOneByOrFail({ name: 'Back Office' })).toMatchObject({ isPublic: false, parentId: null, managerId: null, email: null });
    await post(`${privateOne.headers.location}/delete`, {}, privateOne.headers.location);

    const [created] = await audits('department.created');
    expect(created).toMatchObject({
      actorType: 'staff', targetType: 'department', targetId: row.id, targetLabel: 'Billing',
      after: { name: 'Billing', parentId: 2, managerId: janeId, slaPlanId: 1, email: 'billing@example.com', isPublic: true, isActive: true },
    });
  });

  it('refuses bad input with 422, the typed values kept, and writes nothing', async () => {
    const before = { rows: await departments().count(), audits: await auditCount() };

    const duplicate = await post('/scp/admin/departments', form({ name: 'support', email: 'help@example.com', managerId: String(johnId) }));
    expect(duplicate.status).toBe(422);
    expect(fieldError(duplicate.text, 'department-name')).toBe('A department named “support” already exists.');
    expect(inputValue(duplicate.text, 'department-name')).toBe('support');
    expect(inputValue(duplicate.text, 'department-email')).toBe('help@example.com');
    expect(selected(duplicate.text, 'department-manager')).toBe(String(johnId));

    const missing = await post('/scp/admin/departments', form({ email: 'not-an-address' }));
    expect(missing.status).toBe(422);
    expect(fieldError(missing.text, 'department-name')).toBe('Enter a name.');
    expect(fieldError(missing.text, 'department-email')).toMatch(/^Enter a valid email address/);

    const badIds = await post('/scp/admin/departments', form({ name: 'Legal', parentId: 'abc', slaPlanId: '1; DROP TABLE x' }));
    expect(badIds.status).toBe(422);
    expect(fieldError(badIds.text, 'department-parent')).toBe('Choose a parent department from the list.');
    expect(fieldError(badIds.text, 'department-sla')).toBe('Choose an SLA plan from the list.');

    const unknownParent = await post('/scp/admin/departments', form({ name: 'Legal', parentId: '999' }));
    expect(fieldError(unknownParent.text, 'department-parent')).toBe('Choose a parent department from the list.');

    const tooLong = await post('/scp/admin/departments', form({ name: 'x'.repeat(121) }));
    expect(fieldError(tooLong.text, 'department-name')).toBe('The name is too long (at most 120 characters).');

    expect({ rows: await departments().count(), audits: await auditCount() }).toEqual(before);
  });

  it('refuses a parent that is the department itself or one of its sub-departments', async () => {
    const billing = await departments().findOneByOrFail({ name: 'Billing' }); // under Sales (2)
    const sales = await departments().findOneByOrFail({ id: 2 });
    const auditsBefore = await auditCount();

    const own = await post('/scp/admin/departments/2', form({ name: 'Sales', parentId: '2', isPublic: true }), '/scp/admin/departments/2');
    expect(own.status).toBe(422);
    expect(fieldError(own.text, 'department-parent')).toBe('A department cannot be its own parent.');
    expect(inputValue(own.text, 'department-name')).toBe('Sales');

    const cycle = await post('/scp/admin/departments/2', form({ name: 'Sales', parentId: String(billing.id), isPublic: true }), '/scp/admin/departments/2');
    expect(cycle.status).toBe(422);
    expect(fieldError(cycle.text, 'department-parent')).toBe('A department cannot sit inside its own sub-department.');

    // A grandchild counts too.
    const deeper = await post('/scp/admin/departments', form({ name: 'Invoices', parentId: String(billing.id) }));
    expect(deeper.status).toBe(303);
    const invoices = await departments().findOneByOrFail({ name: 'Invoices' });
    const grandchild = await post('/scp/admin/departments/2', form({ name: 'Sales', parentId: String(invoices.id), isPublic: true }), '/scp/admin/departments/2');
    expect(fieldError(grandchild.text, 'department-parent')).toBe('A department cannot sit inside its own sub-department.');

    // The edit page does not even offer them.
    const page = await admin.get('/scp/admin/departments/2').expect(200);
    const parentSelect = /<select id="department-parent"[\s\S]*?<\/select>/.exec(page.text)![0];
    expect(parentSelect).not.toContain(`value="${billing.id}"`);
    expect(parentSelect).toContain('value="1"');

    expect(await departments().findOneByOrFail({ id: 2 })).toEqual(sales);
    expect(await auditCount()).toBe(auditsBefore + 1); // Invoices created; nothing else
  });

  it('needs an active agent as manager', async () => {
    const ghost = await t.app.get(StaffService).create({ username: 'ghost', email: 'ghost@example.com', firstName: 'Gone', lastName: 'Away', password: 'ghost-pass-123', departmentId: 3, roleId: 4 });
    await t.dataSource.query('UPDATE staff SET is_active = ? WHERE id = ?', [false, ghost.id]);
    const res = await post('/scp/admin/departments/3', form({ name: 'Maintenance', managerId: String(ghost.id) }), '/scp/admin/departments/3');
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'department-manager')).toBe('Choose an active agent as the manager.');
    expect((await departments().findOneByOrFail({ id: 3 })).managerId).toBeNull();
  });

  it('saves changes and audits only the fields that changed', async () => {
    const res = await post('/scp/admin/departments/3', form({ name: 'Facilities', managerId: String(johnId), email: 'facilities@example.com' }), '/scp/admin/departments/3');
    expect(res.status).toBe(303);
    expect(await departments().findOneByOrFail({ id: 3 })).toMatchObject({ name: 'Facilities', managerId: johnId, email: 'facilities@example.com', isPublic: false });
    const [updated] = await audits('department.updated');
    expect(updated).toMatchObject({
      targetId: 3, targetLabel: 'Facilities',
      before: { name: 'Maintenance', managerId: null, email: null },
      after: { name: 'Facilities', managerId: johnId, email: 'facilities@example.com' },
    });
    expect(Object.keys(updated.after!).sort()).toEqual(['email', 'managerId', 'name']);
  });

  it('shows members: agents whose primary department it is, and those with extended access, linked to their pages', async () => {
    await t.dataSource.query('INSERT INTO staff_department_access (staff_id, department_id, role_id) VALUES (?, ?, ?)', [johnId, 2, 3]);
    const page = await admin.get('/scp/admin/departments/2').expect(200);
    expect(page.text).toContain(`<a href="/scp/admin/agents/${janeId}">Jane Roe</a>`);
    expect(page.text).toMatch(new RegExp(`<a href="/scp/admin/agents/${johnId}">John Doe</a> <span class="hint">as Limited Access</span>`));
  });

  it('disables and enables a department, audited; the default department and one that help topics route to stay enabled', async () => {
    const service = t.app.get(DepartmentsService);
    const off = await post('/scp/admin/departments/3/disable', {}, '/scp/admin/departments/3');
    expect(off.status).toBe(303);
    expect(await service.isActive(3)).toBe(false);
    expect(flashes((await admin.get('/scp/admin/departments/3')).text)).toContain('success: Department “Facilities” disabled.');
    await post('/scp/admin/departments/3/enable', {}, '/scp/admin/departments/3');
    expect(await service.isActive(3)).toBe(true);
    expect((await audits('department.disabled'))[0]).toMatchObject({ targetId: 3, before: { isActive: true }, after: { isActive: false } });
    expect((await audits('department.enabled'))[0]).toMatchObject({ targetId: 3, after: { isActive: true } });

    const auditsBefore = await auditCount();
    const dflt = await post('/scp/admin/departments/1/disable', {}, '/scp/admin/departments/1');
    expect(dflt.status).toBe(303);
    expect(dflt.headers.location).toBe('/scp/admin/departments/1');
    expect(flashes((await admin.get('/scp/admin/departments/1')).text))
      .toContain('error: “Support” is the default department in Settings; choose another default before you disable it.');

    await t.dataSource.query('UPDATE help_topics SET department_id = 2 WHERE id = 2');
    await post('/scp/admin/departments/2/disable', {}, '/scp/admin/departments/2');
    expect(flashes((await admin.get('/scp/admin/departments/2')).text))
      .toContain('error: 1 active help topic sends tickets to “Sales”; point them at another department or disable them first.');
    await t.dataSource.query('UPDATE help_topics SET department_id = 1 WHERE id = 2');

    expect(await service.isActive(1)).toBe(true);
    expect(await service.isActive(2)).toBe(true);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it('refuses to delete a department still in use, saying what uses it, and deletes an unused one', async () => {
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen', phone: null, topicId: 1, subject: 'Invoice question', message: 'Hello', source: 'web', uploads: [],
    });
    await t.dataSource.query('UPDATE tickets SET department_id = 2 WHERE id = ?', [ticket.id]);
    const auditsBefore = await auditCount();

    const refused = await post('/scp/admin/departments/2/delete', {}, '/scp/admin/departments/2');
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe('/scp/admin/departments/2');
    expect(flashes((await admin.get('/scp/admin/departments/2')).text)).toContain(
      'error: The department “Sales” still has 1 agent, 1 agent with extended access, 1 ticket and 1 sub-department; move them first or disable it instead.',
    );
    expect(await departments().countBy({ id: 2 })).toBe(1);
    expect(await auditCount()).toBe(auditsBefore);

    const invoices = await departments().findOneByOrFail({ name: 'Invoices' });
    const deleted = await post(`/scp/admin/departments/${invoices.id}/delete`, {}, `/scp/admin/departments/${invoices.id}`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.location).toBe('/scp/admin/departments');
    expect(await departments().countBy({ id: invoices.id })).toBe(0);
    expect((await audits('department.deleted')).find((a) => a.targetId === invoices.id)).toMatchObject({ targetLabel: 'Invoices', before: { name: 'Invoices' } });
  });

  it('refuses to delete a department that canned responses belong to, naming them, and changes nothing', async () => {
    const created = await post('/scp/admin/departments', form({ name: 'Warranty' }));
    const warranty = await departments().findOneByOrFail({ name: 'Warranty' });
    await t.dataSource.getRepository(CannedResponse).save({
      title: 'Warranty terms', body: 'Two years.', departmentId: warranty.id, isActive: true, createdAt: new Date(), updatedAt: new Date(),
    });
    const auditsBefore = await auditCount();

    const refused = await post(`${created.headers.location}/delete`, {}, created.headers.location);
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(`/scp/admin/departments/${warranty.id}`);
    const page = await admin.get(refused.headers.location).expect(200);
    expect(flashes(page.text)).toContain('error: The department “Warranty” still has 1 canned response; move them first or disable it instead.');
    expect(await departments().countBy({ id: warranty.id })).toBe(1);
    expect(await t.dataSource.getRepository(CannedResponse).countBy({ departmentId: warranty.id })).toBe(1);
    expect(await auditCount()).toBe(auditsBefore);
  });

  it('answers 404 for a department that does not exist or an id that is not one', async () => {
    await admin.get('/scp/admin/departments/999').expect(404);
    await admin.get('/scp/admin/departments/abc').expect(404);
    const res = await post('/scp/admin/departments/999', form({ name: 'Nowhere' }));
    expect(res.status).toBe(404);
    expect((await post('/scp/admin/departments/999/delete')).status).toBe(404);
  });

  it('answers 404 to an agent who is not an admin, on every page and post', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    for (const path of ['/scp/admin/departments', '/scp/admin/departments/new', '/scp/admin/departments/2']) await john.get(path).expect(404);
    const before = await auditCount();
    for (const path of ['/scp/admin/departments', '/scp/admin/departments/2', '/scp/admin/departments/2/disable', '/scp/admin/departments/3/delete']) {
      await john.post(path).type('form').send(encode({ _csrf: token, ...form({ name: 'Taken over' }) })).expect(404);
    }
    expect(await departments().countBy({ name: 'Taken over' })).toBe(0);
    expect(await auditCount()).toBe(before);
  });
});
