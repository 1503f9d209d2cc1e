import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Clock } from '../../src/common/clock';
import { JobRunnerService } from '../../src/jobs/job-runner.service';
import { AutomationRule, JobRun } from '../../src/jobs/jobs.entities';
import { StaffService } from '../../src/staff/staff.service';
import { Team } from '../../src/teams/team.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}" name="[^"]+" type="[^"]+" value="([^"]*)"`).exec(html)?.[1];
const selected = (html: string, id: string) => new RegExp(`<select id="${id}"[\\s\\S]*?<option value="([^"]*)" selected>`).exec(html)?.[1];

describe(`admin: automations (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let johnId: number;
  const rules = () => t.dataSource.getRepository(AutomationRule);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const john = await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    johnId = john.id;
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]>) {
    const token = await formToken(admin, '/scp/admin/automations/new');
    return admin.post(path).type('form').send({ _csrf: token, ...fields });
  }
  const autoClose = (fields: Record<string, string | string[]> = {}) =>
    post('/scp/admin/automations', { kind: 'auto_close', name: 'Close resolved', days: '7', fromStatusId: '4', toStatusId: '5', isActive: ['0', '1'], ...fields });
  const escalate = (fields: Record<string, string | string[]> = {}) =>
    post('/scp/admin/automations', {
      kind: 'escalate', name: 'Slow replies', hours: '8', departmentId: '1', assignStaffId: '', assignTeamId: '', transferDepartmentId: '',
      raisePriority: '0', alert: ['0', '1'], isActive: ['0', '1'], ...fields,
    });

  it('shows the forms with sensible defaults', async () => {
    const list = await admin.get('/scp/admin/automations').expect(200);
    expect(list.text).toContain('There are no automation rules yet.');
    expect(list.text).toContain('No job has run yet.');
    const form = await admin.get('/scp/admin/automations/new?kind=auto_close').expect(200);
    expect(inputValue(form.text, 'automation-days')).toBe('7');
    expect(selected(form.text, 'automation-from')).toBe('4');
    expect(selected(form.text, 'automation-to')).toBe('5');
    const esc = await admin.get('/scp/admin/automations/new?kind=escalate').expect(200);
    expect(inputValue(esc.text, 'automation-hours')).toBe('8');
    await admin.get('/scp/admin/automations/new?kind=delete_everything').expect(404);
  });

  it('creates both kinds, audited', async () => {
    const res = await autoClose();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/automations');
    expect((await escalate({ assignStaffId: String(johnId), raisePriority: ['0', '1'] })).status).toBe(303);

    const close = await rules().findOneByOrFail({ name: 'Close resolved' });
    expect(close).toMatchObject({ kind: 'auto_close', isActive: true, config: { days: 7, fromStatusId: 4, toStatusId: 5 } });
    const slow = await rules().findOneByOrFail({ name: 'Slow replies' });
    expect(slow).toMatchObject({ kind: 'escalate', config: { hours: 8, departmentId: 1, actions: { assignStaffId: johnId, raisePriority: true, alert: true } } });
    const created = await audits('automation.created');
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({
      actorName: 'Help Desk Administrator', targetType: 'automation_rule', targetId: close.id, targetLabel: 'Close resolved', before: null,
      after: { name: 'Close resolved', kind: 'auto_close', isActive: true, days: 7, fromStatusId: 4, toStatusId: 5 },
    });

    const list = await admin.get('/scp/admin/automations').expect(200);
    expect(list.text).toContain('Automation rule “Slow replies” created.');
    expect(list.text).toContain('Resolved → Closed after 7 days without a reply');
    expect(list.text).toContain('After 8 business hours without an agent response (Support): assign to John Doe, raise the priority, alert');
  });

  it('refuses bad input with a message on the field, keeps what was typed, and writes nothing', async () => {
    const before = await rules().count();
    const auditsBefore = await t.dataSource.getRepository(AuditEvent).count();
    const cases: [Record<string, string | string[]>, 'auto' | 'esc', string, string][] = [
      [{ days: '0' }, 'auto', 'automation-days', 'Enter a whole number of days from 1 to 365.'],
      [{ days: '366' }, 'auto', 'automation-days', 'Enter a whole number of days from 1 to 365.'],
      [{ days: '-3' }, 'auto', 'automation-days', 'Enter a whole number of days from 1 to 365.'],
      [{ days: 'soon' }, 'auto', 'automation-days', 'Enter a whole number of days from 1 to 365.'],
      [{ toStatusId: '4' }, 'auto', 'automation-to', 'Choose a status other than the one tickets wait in.'],
      [{ toStatusId: '1' }, 'auto', 'automation-to', 'Choose a closed status from the list.'],
      [{ fromStatusId: '999' }, 'auto', 'automation-from', 'Choose a status from the list.'],
      [{ fromStatusId: 'x' }, 'auto', 'automation-from', 'Choose a status from the list.'],
      [{ name: 'close RESOLVED' }, 'auto', 'automation-name', 'Another automation rule already has this name.'],
      [{ name: '   ' }, 'auto', 'automation-name', 'Enter a name (up to 120 characters).'],
      [{ hours: '0' }, 'esc', 'automation-hours', 'Enter a whole number of business hours from 1 to 720.'],
      [{ hours: '721' }, 'esc', 'automation-hours', 'Enter a whole number of business hours from 1 to 720.'],
      [{ alert: '0' }, 'esc', 'automation-actions', 'Choose at least one action: assign, transfer, raise the priority or alert.'],
      [{ assignStaffId: '4242' }, 'esc', 'automation-assign-agent', 'Choose an active agent from the list.'],
      [{ assignTeamId: '77' }, 'esc', 'automation-assign-team', 'Choose an active team from the list.'],
      [{ transferDepartmentId: '99' }, 'esc', 'automation-transfer', 'Choose an active department from the list.'],
      [{ departmentId: '99' }, 'esc', 'automation-department', 'Choose a department from the list.'],
    ];
    for (const [fields, kind, id, message] of cases) {
      const res = await (kind === 'auto' ? autoClose({ name: 'Another', ...fields }) : escalate({ name: 'Another one', ...fields }));
      expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
      expect({ fields, message: fieldError(res.text, id) }).toEqual({ fields, message });
    }
    // What was typed stays in the form.
    const kept = await autoClose({ name: 'Typed name', days: '500' });
    expect(inputValue(kept.text, 'automation-name')).toBe('Typed name');
    expect(inputValue(kept.text, 'automation-days')).toBe('500');
    expect(await rules().count()).toBe(before);
    expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(auditsBefore);
  });

  it('edits, disables, enables and deletes a rule, each audited; the kind stays', async () => {
    const rule = await rules().findOneByOrFail({ name: 'Close resolved' });
    const form = await admin.get(`/scp/admin/automations/${rule.id}`).expect(200);
    expect(inputValue(form.text, 'automation-days')).toBe('7');

    const res = await post(`/scp/admin/automations/${rule.id}`, { kind: 'escalate', name: 'Close resolved', days: '14', fromStatusId: '4', toStatusId: '5', isActive: ['0', '1'] });
    expect(res.status).toBe(303);
    expect(await rules().findOneByOrFail({ id: rule.id })).toMatchObject({ kind: 'auto_close', config: { days: 14, fromStatusId: 4, toStatusId: 5 } });
    const [updated] = await audits('automation.updated');
    expect(updated).toMatchObject({ targetId: rule.id, before: { days: 7 }, after: { days: 14 } });

    const bad = await post(`/scp/admin/automations/${rule.id}`, { name: 'Close resolved', days: '400', fromStatusId: '4', toStatusId: '5', isActive: '1' });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'automation-days')).toBe('Enter a whole number of days from 1 to 365.');
    expect((await rules().findOneByOrFail({ id: rule.id })).config).toMatchObject({ days: 14 });

    expect((await post(`/scp/admin/automations/${rule.id}/disable`, {})).status).toBe(303);
    expect((await rules().findOneByOrFail({ id: rule.id })).isActive).toBe(false);
    expect((await admin.get('/scp/admin/automations').expect(200)).text).toContain('Automation rule “Close resolved” disabled.');
    expect((await post(`/scp/admin/automations/${rule.id}/enable`, {})).status).toBe(303);
    expect((await rules().findOneByOrFail({ id: rule.id })).isActive).toBe(true);
    expect(await audits('automation.disabled')).toEqual([expect.objectContaining({ targetId: rule.id, before: { isActive: true }, after: { isActive: false } })]);
    expect(await audits('automation.enabled')).toHaveLength(1);

    expect((await post(`/scp/admin/automations/${rule.id}/delete`, {})).status).toBe(303);
    expect(await rules().findOneBy({ id: rule.id })).toBeNull();
    expect(await audits('automation.deleted')).toEqual([expect.objectContaining({ targetId: rule.id, targetLabel: 'Close resolved', before: expect.objectContaining({ days: 14 }) })]);

    await admin.get(`/scp/admin/automations/${rule.id}`).expect(404);
    await post(`/scp/admin/automations/${rule.id}/delete`, {}).then((r) => expect(r.status).toBe(404));
    await admin.get('/scp/admin/automations/abc').expect(404);
  });

  it('refuses an escalation to a team that was disabled since', async () => {
    const team = await t.dataSource.getRepository(Team).save(t.dataSource.getRepository(Team).create({ name: 'Night shift', isActive: false, leadId: null }));
    const res = await escalate({ name: 'Night', assignTeamId: String(team.id) });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'automation-assign-team')).toBe('Choose an active team from the list.');
  });

  it('lists the newest job runs with their outcome and summary', async () => {
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date('2030-01-07T12:00:00.000Z'));
    try {
      const report = await t.app.get(JobRunnerService).runOnce('automations');
      expect(report.ran).toBe(true);
      await t.app.get(JobRunnerService).runOnce('sla.overdue');
    } finally {
      jest.restoreAllMocks();
    }
    const runs = await t.dataSource.getRepository(JobRun).find({ order: { id: 'ASC' } });
    expect(runs.map((r) => [r.name, r.outcome])).toEqual([['automations', 'ok'], ['sla.overdue', 'ok']]);
    const page = await admin.get('/scp/admin/automations').expect(200);
    expect(page.text).toContain('<td data-label="Job">Automations</td>');
    expect(page.text).toContain('<td data-label="Job">Overdue marking</td>');
    expect(page.text).toContain(`<td data-label="Summary">${runs[0].summary}</td>`);
    expect(page.text).toContain('<span class="badge badge-ok">ok</span>');
  });

  it('is not there for agents who are not admins', async () => {
    const rule = await rules().findOneByOrFail({ name: 'Slow replies' });
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    await john.get('/scp/admin/automations').expect(404);
    await john.get('/scp/admin/automations/new').expect(404);
    await john.get(`/scp/admin/automations/${rule.id}`).expect(404);
    await john.post('/scp/admin/automations').type('form').send({ _csrf: token, kind: 'auto_close', name: 'Mine', days: '1', fromStatusId: '4', toStatusId: '5' }).expect(404);
    await john.post(`/scp/admin/automations/${rule.id}`).type('form').send({ _csrf: token, name: 'Mine', hours: '1', alert: '1' }).expect(404);
    await john.post(`/scp/admin/automations/${rule.id}/disable`).type('form').send({ _csrf: token }).expect(404);
    await john.post(`/scp/admin/automations/${rule.id}/delete`).type('form').send({ _csrf: token }).expect(404);
    expect(await rules().findOneByOrFail({ id: rule.id })).toMatchObject({ name: 'Slow replies', isActive: true });
    expect(await rules().findOneBy({ name: 'Mine' })).toBeNull();
  });
});
