import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { StaffService } from '../../src/staff/staff.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Priority } from '../../src/tickets/priority.entity';
import { TicketStatus } from '../../src/tickets/ticket-status.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const box = (on: boolean | undefined) => (on ? ['0', '1'] : '0');

describe(`admin: ticket statuses and priorities (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const statuses = () => t.dataSource.getRepository(TicketStatus);
  const priorities = () => t.dataSource.getRepository(Priority);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    // One ticket, in Open (1) with Normal (2) priority, so those are in use.
    await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'Help', source: 'web', uploads: [],
    });
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]> = {}) {
    const token = await formToken(admin, '/scp/admin/statuses/new');
    return admin.post(path).type('form').send(encode({ _csrf: token, ...fields }));
  }
  const statusForm = (f: { name: string; state: string; sort?: string; isReopenable?: boolean; pausesSla?: boolean; isDefault?: boolean }) => ({
    name: f.name, state: f.state, sort: f.sort ?? '10', isReopenable: box(f.isReopenable), pausesSla: box(f.pausesSla), isDefault: box(f.isDefault),
  });
  const priorityForm = (f: { name: string; color?: string; urgency: string; isDefault?: boolean }) => ({
    name: f.name, color: f.color ?? 'blue', urgency: f.urgency, isDefault: box(f.isDefault),
  });

  describe('statuses', () => {
    it('lists statuses in order with their state, flags and ticket counts, searchable by name', async () => {
      const res = await admin.get('/scp/admin/statuses').expect(200);
      const names = [...res.text.matchAll(/<tr class="status-row">\s*<td data-label="Name">\s*<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
      expect(names).toEqual(['Open', 'In Progress', 'Awaiting Response', 'Resolved', 'Closed', 'Archived', 'Deleted']);
      const open = /<tr class="status-row">[\s\S]*?>Open<\/a>[\s\S]*?<\/tr>/.exec(res.text)![0];
      expect(open).toContain('Default');
      expect(open).toContain('data-label="Tickets">1<');
      expect(res.text).toContain('A disabled status stays on the tickets that have it');
      const found = await admin.get('/scp/admin/statuses').query({ q: 'awaiting' }).expect(200);
      expect(found.text).toContain('>Awaiting Response</a>');
      expect(found.text).not.toContain('>Resolved</a>');
    });

    it('creates a status, and making it the default clears the old default, all audited', async () => {
      const res = await post('/scp/admin/statuses', statusForm({ name: 'Escalated', state: 'open', pausesSla: false, isDefault: true, sort: '2' }));
      expect(res.status).toBe(303);
      const escalated = await statuses().findOneByOrFail({ name: 'Escalated' });
      expect(escalated).toMatchObject({ state: 'open', isDefault: true, sort: 2, isReopenable: false, pausesSla: false });
      expect(await statuses().countBy({ isDefault: true })).toBe(1);
      expect((await audits('status.created'))[0]).toMatchObject({ targetId: escalated.id, after: { name: 'Escalated', state: 'open', isDefault: true } });
      expect((await audits('status.updated'))[0]).toMatchObject({ targetId: 1, targetLabel: 'Open', before: { isDefault: true }, after: { isDefault: false } });

      // Back to Open as the default.
      expect((await post('/scp/admin/statuses/1', statusForm({ name: 'Open', state: 'open', sort: '1', isDefault: true }))).status).toBe(303);
      expect((await statuses().findBy({ isDefault: true })).map((s) => s.id)).toEqual([1]);
    });

    it('refuses bad input with 422, the typed values kept, and writes nothing', async () => {
      const before = { rows: await statuses().find(), audits: await auditCount() };
      const duplicate = await post('/scp/admin/statuses', statusForm({ name: 'resolved', state: 'closed', sort: '42' }));
      expect(duplicate.status).toBe(422);
      expect(fieldError(duplicate.text, 'status-name')).toBe('A status named “resolved” already exists.');
      expect(inputValue(duplicate.text, 'status-sort')).toBe('42');

      const bad = await post('/scp/admin/statuses', { name: '', state: 'frozen', sort: '-1' });
      expect(bad.status).toBe(422);
      expect(fieldError(bad.text, 'status-name')).toBe('Enter a name.');
      expect(fieldError(bad.text, 'status-state')).toBe('Choose a state from the list.');
      expect(fieldError(bad.text, 'status-sort')).toBe('Enter the position as a whole number from 0 to 9999.');

      const closedDefault = await post('/scp/admin/statuses', statusForm({ name: 'Done', state: 'closed', isDefault: true }));
      expect(fieldError(closedDefault.text, 'status-default')).toBe('Only a status in the open state can be the default.');

      const undefault = await post('/scp/admin/statuses/1', statusForm({ name: 'Open', state: 'open', sort: '1', isDefault: false }));
      expect(fieldError(undefault.text, 'status-default')).toBe('A help desk needs a default status: make another open status the default instead.');

      const moveDefault = await post('/scp/admin/statuses/1', statusForm({ name: 'Open', state: 'closed', sort: '1', isDefault: true }));
      expect(fieldError(moveDefault.text, 'status-state')).toBe('The default status must stay in the open state.');

      const inUse = await post('/scp/admin/statuses/2', statusForm({ name: 'In Progress', state: 'open', sort: '2' }));
      expect(inUse.status).toBe(303); // no change of state: fine
      await t.dataSource.query('UPDATE tickets SET status_id = 2');
      const moveInUse = await post('/scp/admin/statuses/2', statusForm({ name: 'In Progress', state: 'closed', sort: '2' }));
      expect(fieldError(moveInUse.text, 'status-state')).toBe('1 ticket uses this status; its state cannot change while they do.');
      await t.dataSource.query('UPDATE tickets SET status_id = 1');

      const lastArchived = await post('/scp/admin/statuses/6', statusForm({ name: 'Archived', state: 'closed', sort: '6' }));
      expect(fieldError(lastArchived.text, 'status-state')).toBe('“Archived” is the only status in the archived state; a help desk needs at least one in each.');

      expect({ rows: await statuses().find(), audits: await auditCount() }).toEqual(before);
    });

    it('refuses to delete the default, a status in use, or the last of its state; deletes an unused one', async () => {
      const before = await auditCount();
      const cases: [number, string][] = [
        [1, '“Open” is the default status; make another open status the default first.'],
        [6, '“Archived” is the only status in the archived state; a help desk needs at least one in each.'],
      ];
      await t.dataSource.query('UPDATE tickets SET status_id = 3');
      cases.push([3, '1 ticket uses the status “Awaiting Response”; give them another status first.']);
      await t.dataSource.query('UPDATE help_topics SET status_id = 2 WHERE id = 1');
      cases.push([2, '1 help topic uses the status “In Progress” for new tickets; change them first.']);
      const moveTopicStatus = await post('/scp/admin/statuses/2', statusForm({ name: 'In Progress', state: 'closed', sort: '2' }));
      expect(fieldError(moveTopicStatus.text, 'status-state')).toBe('1 help topic uses this status for new tickets; its state cannot change while they do.');
      for (const [id, message] of cases) {
        const res = await post(`/scp/admin/statuses/${id}/delete`);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`/scp/admin/statuses/${id}`);
        expect(flashes((await admin.get(`/scp/admin/statuses/${id}`)).text)).toContain(`error: ${message}`);
      }
      await t.dataSource.query('UPDATE tickets SET status_id = 1');
      await t.dataSource.query('UPDATE help_topics SET status_id = NULL');
      expect(await statuses().count()).toBe(8);
      expect(await auditCount()).toBe(before);

      const escalated = await statuses().findOneByOrFail({ name: 'Escalated' });
      const res = await post(`/scp/admin/statuses/${escalated.id}/delete`);
      expect(res.headers.location).toBe('/scp/admin/statuses');
      expect(await statuses().countBy({ id: escalated.id })).toBe(0);
      expect((await audits('status.deleted'))[0]).toMatchObject({ targetId: escalated.id, before: { name: 'Escalated', state: 'open' } });
    });
  });

  describe('priorities', () => {
    it('lists priorities most urgent first, with what uses them', async () => {
      const res = await admin.get('/scp/admin/priorities').expect(200);
      const names = [...res.text.matchAll(/<span class="priority priority-(\w+)">([^<]*)<\/span><\/a>/g)].map((m) => `${m[2]}:${m[1]}`);
      expect(names).toEqual(['Emergency:emergency', 'High:high', 'Normal:normal', 'Low:low']);
      const normal = /<tr class="priority-row">[\s\S]*?>Normal<\/span>[\s\S]*?<\/tr>/.exec(res.text)![0];
      expect(normal).toContain('Default');
      expect(normal).toContain('data-label="Tickets">1<');
      expect((await admin.get('/scp/admin/priorities').query({ q: 'EMER' })).text).not.toContain('>Low</span>');
    });

    it('offers the palette as swatches and creates a priority, audited', async () => {
      const page = await admin.get('/scp/admin/priorities/new').expect(200);
      for (const color of ['low', 'normal', 'high', 'emergency', 'blue', 'green', 'purple', 'grey']) expect(page.text).toContain(`value="${color}"`);
      expect(page.text).not.toMatch(/style=/);

      const res = await post('/scp/admin/priorities', priorityForm({ name: 'Critical', color: 'purple', urgency: '90' }));
      expect(res.status).toBe(303);
      const critical = await priorities().findOneByOrFail({ name: 'Critical' });
      expect(critical).toMatchObject({ cssClass: 'purple', urgency: 90, isDefault: false });
      expect((await audits('priority.created'))[0]).toMatchObject({ targetId: critical.id, after: { name: 'Critical', color: 'purple', urgency: 90, isDefault: false } });
    });

    it('refuses bad input with 422, the typed values kept, and writes nothing', async () => {
      const before = { rows: await priorities().find(), audits: await auditCount() };
      const duplicate = await post('/scp/admin/priorities', priorityForm({ name: 'HIGH', urgency: '50' }));
      expect(duplicate.status).toBe(422);
      expect(fieldError(duplicate.text, 'priority-name')).toBe('A priority named “HIGH” already exists.');
      expect(inputValue(duplicate.text, 'priority-urgency')).toBe('50');

      const takenUrgency = await post('/scp/admin/priorities', priorityForm({ name: 'Urgent', urgency: '90' }));
      expect(fieldError(takenUrgency.text, 'priority-urgency')).toBe('Urgency 90 is already taken by “Critical”.');

      const bad = await post('/scp/admin/priorities', { name: 'Odd', color: '#ff0000', urgency: '101' });
      expect(fieldError(bad.text, 'priority-color')).toBe('Choose a colour.');
      expect(fieldError(bad.text, 'priority-urgency')).toBe('Enter an urgency from 1 to 100 (higher is more urgent).');
      expect(inputValue(bad.text, 'priority-name')).toBe('Odd');

      const undefault = await post('/scp/admin/priorities/2', priorityForm({ name: 'Normal', color: 'normal', urgency: '2', isDefault: false }));
      expect(fieldError(undefault.text, 'priority-default')).toBe('A help desk needs a default priority: make another priority the default instead.');

      expect({ rows: await priorities().find(), audits: await auditCount() }).toEqual(before);
    });

    it('moves the default flag, and refuses to delete the default or a priority in use', async () => {
      const critical = await priorities().findOneByOrFail({ name: 'Critical' });
      expect((await post(`/scp/admin/priorities/${critical.id}`, priorityForm({ name: 'Critical', color: 'purple', urgency: '90', isDefault: true }))).status).toBe(303);
      expect((await priorities().findBy({ isDefault: true })).map((p) => p.id)).toEqual([critical.id]);
      expect((await audits('priority.updated')).map((a) => [a.targetId, a.after])).toEqual([[critical.id, { isDefault: true }], [2, { isDefault: false }]]);

      const before = await auditCount();
      await t.dataSource.query('UPDATE tickets SET priority_id = 3');
      await t.dataSource.query('UPDATE help_topics SET priority_id = 3 WHERE id = 1');
      const refusals: [number, string][] = [
        [critical.id, '“Critical” is the default priority; make another priority the default first.'],
        // No longer the default (the flag moved to Critical, and Settings has no say): only its uses keep it.
        [2, 'The priority “Normal” is still used by 2 help topics; give them another priority first.'],
        [3, 'The priority “High” is still used by 1 ticket and 1 help topic; give them another priority first.'],
        [1, 'The priority “Low” is still used by 1 help topic; give them another priority first.'],
      ];
      for (const [id, message] of refusals) {
        const res = await post(`/scp/admin/priorities/${id}/delete`);
        expect(res.headers.location).toBe(`/scp/admin/priorities/${id}`);
        expect(flashes((await admin.get(`/scp/admin/priorities/${id}`)).text)).toContain(`error: ${message}`);
      }
      await t.dataSource.query('UPDATE tickets SET priority_id = 2');
      await t.dataSource.query('UPDATE help_topics SET priority_id = 2 WHERE id = 1');
      expect(await priorities().count()).toBe(5);
      expect(await auditCount()).toBe(before);

      // Normal back as the default, then Critical (unused) can go.
      await post('/scp/admin/priorities/2', priorityForm({ name: 'Normal', color: 'normal', urgency: '2', isDefault: true }));
      const res = await post(`/scp/admin/priorities/${critical.id}/delete`);
      expect(res.headers.location).toBe('/scp/admin/priorities');
      expect(await priorities().countBy({ id: critical.id })).toBe(0);
      expect((await audits('priority.deleted'))[0]).toMatchObject({ targetId: critical.id, before: { name: 'Critical', urgency: 90 } });
    });
  });

  it('answers 404 for rows that do not exist, and to agents who are not admins', async () => {
    for (const path of ['/scp/admin/statuses/999', '/scp/admin/priorities/999', '/scp/admin/statuses/x']) await admin.get(path).expect(404);
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    for (const path of ['/scp/admin/statuses', '/scp/admin/statuses/1', '/scp/admin/priorities', '/scp/admin/priorities/new']) await john.get(path).expect(404);
    const before = await auditCount();
    for (const path of ['/scp/admin/statuses', '/scp/admin/statuses/7/delete', '/scp/admin/priorities', '/scp/admin/priorities/1/delete']) {
      await john.post(path).type('form').send(encode({ _csrf: token, ...statusForm({ name: 'Sneaky', state: 'open' }), color: 'blue', urgency: '77' })).expect(404);
    }
    expect(await statuses().countBy({ name: 'Sneaky' })).toBe(0);
    expect(await priorities().countBy({ name: 'Sneaky' })).toBe(0);
    expect(await auditCount()).toBe(before);
  });
});
