import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Role } from '../../src/staff/role.entity';
import { StaffDepartmentAccess } from '../../src/staff/staff-department-access.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { Priority } from '../../src/tickets/priority.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { TicketStatus } from '../../src/tickets/ticket-status.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
/** The options of the select with this id: [value, label, selected]. */
function selectOptions(html: string, id: string): [string, string, boolean][] {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0];
  if (!select) throw new Error(`No select #${id} on the page`);
  return [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => [m[1], m[3], Boolean(m[2])]);
}
const labels = (html: string, id: string) => selectOptions(html, id).map(([, label]) => label);
/** A table row (by its link text) of an admin list. */
const rowOf = (html: string, rowClass: string, name: string) =>
  new RegExp(`<tr class="${rowClass}[^"]*">(?:(?!</tr>)[\\s\\S])*?>${name}<(?:(?!</tr>)[\\s\\S])*</tr>`).exec(html)?.[0] ?? '';

describe(`admin: disabling statuses, priorities and roles (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Agent;
  let ticketId: number;

  const statuses = () => db.getRepository(TicketStatus);
  const priorities = () => db.getRepository(Priority);
  const roles = () => db.getRepository(Role);
  const audits = (action: string) => db.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => db.getRepository(AuditEvent).count();
  const catalog = async () => ({
    statuses: await statuses().find({ order: { id: 'ASC' } }), priorities: await priorities().find({ order: { id: 'ASC' } }),
    roles: await roles().find({ order: { id: 'ASC' } }), audits: await auditCount(),
  });

  async function post(path: string, fields: Record<string, string | string[]> = {}, agent = admin) {
    const token = await formToken(agent, '/scp/tickets');
    const body = new URLSearchParams({ _csrf: token });
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return agent.post(path).type('form').send(body.toString());
  }
  /** POSTs a button and follows its redirect; returns where it went and the flashes shown there. */
  async function press(path: string, fields: Record<string, string> = {}) {
    const res = await post(path, fields);
    expect(res.status).toBe(303);
    const location = res.headers.location as string;
    return { location, flashes: flashes((await admin.get(location).expect(200)).text) };
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    // General Inquiry: Support, Normal priority, Open.
    ticketId = (await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'Help', source: 'web', uploads: [],
    })).id;
  });
  afterAll(() => t?.close());

  describe('statuses', () => {
    it('disables from the list and enables from its page, each audited', async () => {
      const disabled = await press('/scp/admin/statuses/2/disable', { from: 'list' });
      expect(disabled).toEqual({ location: '/scp/admin/statuses', flashes: ['success: Status “In Progress” disabled.'] });
      expect(await statuses().findOneByOrFail({ id: 2 })).toMatchObject({ isActive: false });
      expect((await audits('status.disabled')).map((a) => [a.targetId, a.targetLabel, a.before, a.after]))
        .toEqual([[2, 'In Progress', { isActive: true }, { isActive: false }]]);

      const list = (await admin.get('/scp/admin/statuses').expect(200)).text;
      const row = rowOf(list, 'status-row', 'In Progress');
      expect(row).toContain('class="status-row is-disabled"');
      expect(row).toContain('Disabled</span>');
      expect(row).toContain('action="/scp/admin/statuses/2/enable"');
      // The default has no disable button on the list.
      expect(rowOf(list, 'status-row', 'Open')).not.toContain('/disable');
      expect((await admin.get('/scp/admin/statuses/2').expect(200)).text).toContain('Enable status');

      const enabled = await press('/scp/admin/statuses/2/enable');
      expect(enabled).toEqual({ location: '/scp/admin/statuses/2', flashes: ['success: Status “In Progress” enabled.'] });
      expect(await statuses().findOneByOrFail({ id: 2 })).toMatchObject({ isActive: true });
      expect((await audits('status.enabled')).map((a) => [a.targetId, a.before, a.after])).toEqual([[2, { isActive: false }, { isActive: true }]]);
    });

    it('refuses to disable the default, the last enabled status of a state, or one a help topic uses; nothing changes', async () => {
      expect((await press('/scp/admin/statuses/4/disable')).location).toBe('/scp/admin/statuses/4'); // Resolved: Closed remains
      await db.query('UPDATE help_topics SET status_id = 3 WHERE id = 1');
      const before = await catalog();
      const refusals: [number, string][] = [
        [1, '“Open” is the default status. Make another status the default first.'],
        [6, '“Archived” is the only status in the archived state; a help desk needs at least one in each.'],
        [5, '“Closed” is the only enabled status in the closed state; a help desk needs at least one in each.'],
        [3, '1 help topic uses the status “Awaiting Response” for new tickets; change them first.'],
      ];
      for (const [id, message] of refusals) {
        expect(await press(`/scp/admin/statuses/${id}/disable`, { from: 'list' })).toEqual({ location: '/scp/admin/statuses', flashes: [`error: ${message}`] });
      }
      expect(await catalog()).toEqual(before);
      await db.query('UPDATE help_topics SET status_id = NULL');
      await press('/scp/admin/statuses/4/enable');
    });

    it('refuses to make a disabled status the default (422, typed values kept, nothing written)', async () => {
      await press('/scp/admin/statuses/2/disable');
      const before = await catalog();
      const res = await post('/scp/admin/statuses/2', { name: 'Working on it', state: 'open', sort: '2', isReopenable: '0', pausesSla: '0', isDefault: ['0', '1'] });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'status-default')).toBe('A disabled status cannot be the default; enable it first.');
      expect(res.text).toContain('value="Working on it"');
      expect(await catalog()).toEqual(before);
      await press('/scp/admin/statuses/2/enable');
    });
  });

  describe('priorities', () => {
    it('disables from the list and enables from its page, each audited', async () => {
      expect(await press('/scp/admin/priorities/3/disable', { from: 'list' }))
        .toEqual({ location: '/scp/admin/priorities', flashes: ['success: Priority “High” disabled.'] });
      expect(await priorities().findOneByOrFail({ id: 3 })).toMatchObject({ isActive: false });
      expect((await audits('priority.disabled')).map((a) => [a.targetId, a.targetLabel, a.before, a.after]))
        .toEqual([[3, 'High', { isActive: true }, { isActive: false }]]);
      const list = (await admin.get('/scp/admin/priorities').expect(200)).text;
      expect(rowOf(list, 'priority-row', 'High')).toContain('class="priority-row is-disabled"');
      expect(rowOf(list, 'priority-row', 'High')).toContain('action="/scp/admin/priorities/3/enable"');
      expect(rowOf(list, 'priority-row', 'Normal')).not.toContain('/disable');

      expect(await press('/scp/admin/priorities/3/enable')).toEqual({ location: '/scp/admin/priorities/3', flashes: ['success: Priority “High” enabled.'] });
      expect(await priorities().findOneByOrFail({ id: 3 })).toMatchObject({ isActive: true });
      expect((await audits('priority.enabled')).map((a) => [a.targetId, a.after])).toEqual([[3, { isActive: true }]]);
    });

    it('refuses to disable the default or one a help topic uses, and to make a disabled one the default; nothing changes', async () => {
      await press('/scp/admin/priorities/4/disable');
      const before = await catalog();
      const refusals: [number, string][] = [
        [2, '“Normal” is the default priority. Make another priority the default first.'],
        [1, '1 help topic uses the priority “Low” for new tickets; change them first.'], // Feedback
      ];
      for (const [id, message] of refusals) {
        expect(await press(`/scp/admin/priorities/${id}/disable`)).toEqual({ location: `/scp/admin/priorities/${id}`, flashes: [`error: ${message}`] });
      }
      const res = await post('/scp/admin/priorities/4', { name: 'Emergency', color: 'emergency', urgency: '4', isDefault: ['0', '1'] });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'priority-default')).toBe('A disabled priority cannot be the default; enable it first.');
      expect(await catalog()).toEqual(before);
      await press('/scp/admin/priorities/4/enable');
    });
  });

  describe('the staff ticket page', () => {
    const ticket = () => db.getRepository(Ticket).findOneByOrFail({ id: ticketId });
    const snapshot = async () => {
      const { statusId, state, priorityId, version } = await ticket();
      return { statusId, state, priorityId, version, entries: await db.getRepository(ThreadEntry).countBy({ ticketId }), catalog: await catalog() };
    };

    it('keeps a disabled status and priority on tickets that have them, offers them no more, and refuses them if posted anyway', async () => {
      expect((await post(`/scp/tickets/${ticketId}/status`, { statusId: '3', lastEntryId: await newestEntryId(db, ticketId) })).status).toBe(303);
      expect((await post(`/scp/tickets/${ticketId}/priority`, { priorityId: '4', lastEntryId: await newestEntryId(db, ticketId) })).status).toBe(303);
      await press('/scp/admin/statuses/3/disable'); // Awaiting Response: the ticket's
      await press('/scp/admin/statuses/2/disable'); // In Progress
      await press('/scp/admin/priorities/4/disable'); // Emergency: the ticket's
      await press('/scp/admin/priorities/3/disable'); // High

      const page = (await admin.get(`/scp/tickets/${ticketId}`).expect(200)).text;
      expect(page).toContain('<span class="badge status status-open">Awaiting Response</span>');
      expect(page).toContain('Emergency priority');
      for (const select of ['status-status', 'reply-status', 'note-status']) {
        expect(labels(page, select)).not.toContain('In Progress');
        expect(labels(page, select)).not.toContain('Awaiting Response');
        expect(labels(page, select)).toContain('Resolved');
      }
      expect(labels(page, 'priority-priority')).toEqual(['Low', 'Normal']);
      expect(await ticket()).toMatchObject({ statusId: 3, priorityId: 4 });

      const before = await snapshot();
      const status = await post(`/scp/tickets/${ticketId}/status`, { statusId: '2', lastEntryId: await newestEntryId(db, ticketId) });
      expect(status.status).toBe(422);
      expect(fieldError(status.text, 'status-status')).toBe('Choose a status from the list.');
      const priority = await post(`/scp/tickets/${ticketId}/priority`, { priorityId: '3', lastEntryId: await newestEntryId(db, ticketId) });
      expect(priority.status).toBe(422);
      expect(flashes(priority.text)).toContain('error: Choose a priority from the list.');
      expect(await snapshot()).toEqual(before);

      for (const path of ['statuses/3', 'statuses/2', 'priorities/4', 'priorities/3']) await press(`/scp/admin/${path}/enable`);
      expect(labels((await admin.get(`/scp/tickets/${ticketId}`).expect(200)).text, 'priority-priority')).toEqual(['Low', 'Normal', 'High', 'Emergency']);
    });
  });

  describe('roles', () => {
    let lim: Staff;
    let viv: Staff;

    beforeAll(async () => {
      const staff = t.app.get(StaffService);
      lim = await staff.create({ username: 'lim', email: 'lim@example.com', firstName: 'Lim', lastName: 'Tester', password: 'lim-pass-1234', departmentId: 1, roleId: 3 });
      viv = await staff.create({ username: 'viv', email: 'viv@example.com', firstName: 'Viv', lastName: 'Tester', password: 'viv-pass-1234', departmentId: 1, roleId: 1 });
      await db.getRepository(StaffDepartmentAccess).insert({ staffId: viv.id, departmentId: 2, roleId: 3 });
    });

    it('disables a role in use: its agents keep it, the agents list flags them, and the agent form no longer offers it', async () => {
      expect(await press('/scp/admin/roles/3/disable', { from: 'list' })).toEqual({ location: '/scp/admin/roles', flashes: ['success: Role “Limited Access” disabled.'] });
      expect(await roles().findOneByOrFail({ id: 3 })).toMatchObject({ isActive: false });
      expect((await audits('role.disabled')).map((a) => [a.targetId, a.targetLabel, a.before, a.after])).toEqual([[3, 'Limited Access', { isActive: true }, { isActive: false }]]);
      expect(await db.getRepository(Staff).findOneByOrFail({ id: lim.id })).toMatchObject({ roleId: 3 });

      const list = (await admin.get('/scp/admin/roles').expect(200)).text;
      expect(rowOf(list, 'role-row', 'Limited Access')).toContain('class="role-row is-disabled"');
      expect(rowOf(list, 'role-row', 'Limited Access')).toContain('action="/scp/admin/roles/3/enable"');

      const agents = (await admin.get('/scp/admin/agents').expect(200)).text;
      expect(rowOf(agents, 'agent-row', 'Lim Tester')).toContain('Role disabled');
      expect(rowOf(agents, 'agent-row', 'Viv Tester')).not.toContain('Role disabled');

      const fresh = (await admin.get('/scp/admin/agents/new').expect(200)).text;
      expect(labels(fresh, 'agent-role')).toEqual(['— Choose —', 'All Access', 'Expanded Access', 'View Only']);
      expect(labels(fresh, 'agent-ext-role-1')).toEqual(['— None —', 'All Access', 'Expanded Access', 'View Only']);
      // An agent holding it sees it, marked, and still chosen, so saving does not change it behind the admin's back.
      const limPage = (await admin.get(`/scp/admin/agents/${lim.id}`).expect(200)).text;
      expect(selectOptions(limPage, 'agent-role')).toContainEqual(['3', 'Limited Access (disabled)', true]);
      const vivPage = (await admin.get(`/scp/admin/agents/${viv.id}`).expect(200)).text;
      expect(selectOptions(vivPage, 'agent-ext-role-1')).toContainEqual(['3', 'Limited Access (disabled)', true]);
      expect(selectOptions(vivPage, 'agent-role').find(([id]) => id === '1')?.[2]).toBe(true);
      const saved = await post(`/scp/admin/agents/${lim.id}`, {
        firstName: 'Lim', lastName: 'Tester', username: 'lim', email: 'lim@example.com', phone: '', timezone: '', departmentId: '1', roleId: '3',
        extDept: ['', '', ''], extRole: ['', '', ''], isAdmin: '0', isActive: ['0', '1'], isLocked: '0', onVacation: '0', mustChangePassword: '0', signature: 'Lim',
      });
      expect(saved.status).toBe(303);
      expect(await db.getRepository(Staff).findOneByOrFail({ id: lim.id })).toMatchObject({ roleId: 3, signature: 'Lim' });
      const johnId = (await db.getRepository(Staff).findOneByOrFail({ username: 'john' })).id;
      expect(labels((await admin.get(`/scp/admin/agents/${johnId}`).expect(200)).text, 'agent-role')).not.toContain('Limited Access (disabled)');

      expect(await press('/scp/admin/roles/3/enable')).toEqual({ location: '/scp/admin/roles/3', flashes: ['success: Role “Limited Access” enabled.'] });
      expect((await audits('role.enabled')).map((a) => [a.targetId, a.after])).toEqual([[3, { isActive: true }]]);
      expect(rowOf((await admin.get('/scp/admin/agents').expect(200)).text, 'agent-row', 'Lim Tester')).not.toContain('Role disabled');
    });

    it('keeps the last enabled role enabled; nothing changes', async () => {
      for (const id of [2, 3, 4]) await press(`/scp/admin/roles/${id}/disable`);
      const before = await catalog();
      expect(await press('/scp/admin/roles/1/disable')).toEqual({
        location: '/scp/admin/roles/1', flashes: ['error: “All Access” is the only enabled role; new agents need one to choose.'],
      });
      expect(await catalog()).toEqual(before);
      for (const id of [2, 3, 4]) await press(`/scp/admin/roles/${id}/enable`);
      expect(await roles().countBy({ isActive: true })).toBe(4);
    });

    it('searches roles by name', async () => {
      const found = (await admin.get('/scp/admin/roles').query({ q: 'ACCESS' }).expect(200)).text;
      expect(found).toContain('>Expanded Access</a>');
      expect(found).not.toContain('>View Only</a>');
      expect((await admin.get('/scp/admin/roles').query({ q: '%' }).expect(200)).text).toContain('No role matches “%”.');
    });
  });

  it('answers 404 to agents who are not admins, and for rows that do not exist; nothing changes', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const before = await catalog();
    for (const path of ['/scp/admin/statuses/2/disable', '/scp/admin/priorities/3/disable', '/scp/admin/roles/3/disable', '/scp/admin/roles/3/enable']) {
      expect((await post(path, {}, john)).status).toBe(404);
    }
    for (const path of ['/scp/admin/statuses/999/disable', '/scp/admin/priorities/999/enable', '/scp/admin/roles/999/disable', '/scp/admin/roles/x/disable']) {
      expect((await post(path)).status).toBe(404);
    }
    expect(await catalog()).toEqual(before);
  });
});
