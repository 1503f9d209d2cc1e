import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { IntakeFilter } from '../../src/filters/filters.entities';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type Fields = Record<string, string | string[]>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const decode = (text: string | undefined) => text?.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const names = (html: string) => [...html.matchAll(/<td data-label="Name"><a href="[^"]+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

/** The "Sales domain" rule: mail from example.org goes to Sales with High priority. */
const salesRule = (over: Fields = {}): Fields => ({
  name: 'Sales domain', match: 'all', isActive: ['0', '1'],
  'conditions.0.field': 'domain', 'conditions.0.operator': 'equals', 'conditions.0.value': 'example.org',
  'conditions.1.field': '', 'conditions.1.operator': 'contains', 'conditions.1.value': '',
  'actions.0.type': 'set_department', 'actions.0.target': 'department:2', 'actions.0.email': '',
  'actions.1.type': 'set_priority', 'actions.1.target': 'priority:3', 'actions.1.email': '',
  'actions.2.type': '', 'actions.2.target': '', 'actions.2.email': '',
  ...over,
});

describe(`admin: intake filters (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const rows = () => t.dataSource.getRepository(IntakeFilter);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Fields, formPath = '/scp/admin/filters/new') {
    const token = await formToken(admin, formPath);
    return admin.post(path).type('form').send({ _csrf: token, ...fields });
  }

  it('shows an empty list and a form with condition and action rows', async () => {
    expect((await admin.get('/scp/admin/filters').expect(200)).text).toContain('There are no intake filters yet.');
    const form = await admin.get('/scp/admin/filters/new').expect(200);
    expect(form.text).toContain('name="conditions.0.field"');
    expect(form.text).toContain('name="actions.1.target"');
    expect(form.text).toContain('<option value="department:2">Sales</option>');
    expect(form.text).toContain('<option value="domain">Email domain</option>');
    expect(form.text).toContain('name="intent" value="test"');
  });

  it('creates rules in order, with an audit record each', async () => {
    const res = await post('/scp/admin/filters', salesRule());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/filters');
    const saved = await rows().findOneByOrFail({ name: 'Sales domain' });
    expect(saved).toMatchObject({
      sort: 1, isActive: true, match: 'all',
      conditions: [{ field: 'domain', operator: 'equals', value: 'example.org' }],
      actions: [{ type: 'set_department', departmentId: 2 }, { type: 'set_priority', priorityId: 3 }],
    });
    const second = await post('/scp/admin/filters', {
      name: 'Block spam', match: 'any', isActive: '0',
      'conditions.0.field': 'subject', 'conditions.0.operator': 'matches', 'conditions.0.value': '^(win|free) money',
      'conditions.1.field': 'email', 'conditions.1.operator': 'ends_with', 'conditions.1.value': '@spam.test',
      'actions.0.type': 'reject', 'actions.0.target': '', 'actions.0.email': '',
    });
    expect(second.status).toBe(303);
    expect(await rows().findOneByOrFail({ name: 'Block spam' })).toMatchObject({ sort: 2, isActive: false, match: 'any' });
    const created = await audits('filter.created');
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({
      targetType: 'intake_filter', targetId: saved.id, targetLabel: 'Sales domain', before: null,
      after: { name: 'Sales domain', match: 'all', isActive: true, conditions: ['domain equals “example.org”'], actions: ['set department to #2', 'set priority to #3'] },
    });
    const list = await admin.get('/scp/admin/filters').expect(200);
    expect(names(list.text)).toEqual(['Sales domain', 'Block spam']);
    expect(list.text).toContain('set department to “Sales”; set priority to “High”');
  });

  it('moves a rule up and down', async () => {
    const spam = await rows().findOneByOrFail({ name: 'Block spam' });
    expect((await post(`/scp/admin/filters/${spam.id}/move`, { direction: 'up' }, '/scp/admin/filters')).status).toBe(303);
    expect(names((await admin.get('/scp/admin/filters').expect(200)).text)).toEqual(['Block spam', 'Sales domain']);
    expect((await post(`/scp/admin/filters/${spam.id}/move`, { direction: 'up' }, '/scp/admin/filters')).status).toBe(303); // already first
    expect((await post(`/scp/admin/filters/${spam.id}/move`, { direction: 'sideways' }, '/scp/admin/filters')).status).toBe(404);
    expect((await post(`/scp/admin/filters/${spam.id}/move`, { direction: 'down' }, '/scp/admin/filters')).status).toBe(303);
    expect(names((await admin.get('/scp/admin/filters').expect(200)).text)).toEqual(['Sales domain', 'Block spam']);
    const moved = await audits('filter.moved');
    expect(moved).toHaveLength(2);
    expect(moved[0]).toMatchObject({ targetId: spam.id, before: { position: 2 }, after: { position: 1 } });
  });

  it('refuses bad rules with 422 naming the field, keeps what was typed, and saves nothing', async () => {
    const before = { rows: await rows().count(), audits: await auditCount() };
    const cases: [Fields, string, RegExp][] = [
      [{ 'conditions.0.operator': 'matches', 'conditions.0.value': '([a-z' }, 'cond-0-value', /^This regular expression does not compile/],
      [{ 'conditions.0.operator': 'matches', 'conditions.0.value': '(a+)+$' }, 'cond-0-value', /exponential time/],
      [{ 'conditions.0.field': 'helpTopic', 'actions.0.type': 'set_help_topic', 'actions.0.target': 'topic:1' }, 'action-0', /cannot also set it/],
      [{ 'conditions.0.field': '', 'conditions.0.value': '' }, 'filter-conditions', /^Add at least one condition\.$/],
      [{ 'actions.0.target': 'department:999' }, 'action-0-target', /^Choose a department from the list\.$/],
      [{ 'actions.0.target': 'priority:3' }, 'action-0-target', /^Choose a department\.$/],
      [{ 'actions.0.target': 'department:x' }, 'action-0-target', /^Choose a department\.$/],
      [{ 'actions.1.type': 'set_status', 'actions.1.target': 'status:5' }, 'action-1-target', /^Choose an open status from the list\.$/],
      [{ 'actions.1.type': 'add_collaborator', 'actions.1.email': 'not-an-email' }, 'action-1-email', /^Enter a valid email address\.$/],
      [{ 'actions.1.type': 'reject' }, 'filter-actions', /cannot take other actions/],
      [{ 'actions.0.type': '', 'actions.1.type': '' }, 'filter-actions', /^Add at least one action\.$/],
      [{ name: 'SALES DOMAIN' }, 'filter-name', /^Another filter already has this name\.$/],
      [{ name: ' ' }, 'filter-name', /^Enter a name\.$/],
      [{ match: 'most' }, 'filter-match', /^Choose whether all or any/],
      [{ 'conditions.0.field': 'field:Bad Name' }, 'cond-0-field', /custom field name/],
    ];
    for (const [over, id, message] of cases) {
      const res = await post('/scp/admin/filters', salesRule({ name: 'New rule', ...over }));
      expect([id, res.status]).toEqual([id, 422]);
      expect([id, decode(fieldError(res.text, id))]).toEqual([id, expect.stringMatching(message)]);
    }
    const kept = await post('/scp/admin/filters', salesRule({ name: 'New <rule>', 'conditions.0.operator': 'matches', 'conditions.0.value': '(a+)+$' }));
    expect(kept.status).toBe(422);
    expect(kept.text).toContain('value="New &lt;rule&gt;"');
    expect(kept.text).toContain('value="(a+)+$"');
    expect(kept.text).toContain('<option value="matches" selected>');
    expect(kept.text).toContain('<option value="department:2" selected>Sales</option>');
    expect(kept.text).toContain('Condition 1, value: The repeated group (a+)+');
    // A blank row in between keeps the error on the row it is about.
    const gap = await post('/scp/admin/filters', salesRule({
      name: 'Gap', 'conditions.0.field': '', 'conditions.0.value': '', 'conditions.1.field': 'subject', 'conditions.1.operator': 'matches', 'conditions.1.value': '(',
    }));
    expect(gap.status).toBe(422);
    expect(fieldError(gap.text, 'cond-1-value')).toMatch(/does not compile/);
    expect({ rows: await rows().count(), audits: await auditCount() }).toEqual(before);
  });

  it('tests a rule against a sample without saving it, saved or not', async () => {
    const before = { rows: await rows().count(), audits: await auditCount() };
    const sample = { 'sample.email': 'karen@example.org', 'sample.name': 'Karen', 'sample.subject': 'Hello', 'sample.body': 'Hi', 'sample.topic': '2', 'sample.source': 'web', intent: 'test' };
    const unsaved = await post('/scp/admin/filters', salesRule({ name: '', ...sample, 'conditions.1.field': 'helpTopic', 'conditions.1.operator': 'equals', 'conditions.1.value': 'feedback' }));
    expect(unsaved.status).toBe(200);
    expect(unsaved.text).toContain('Sample result: the rule matches');
    expect(unsaved.text).toMatch(/Matched<\/span> domain equals “example.org”/);
    expect(unsaved.text).toMatch(/Matched<\/span> help topic equals “feedback”/);
    expect(unsaved.text).toContain('<li>set department to “Sales”</li>');
    expect(unsaved.text).toContain('<li>set priority to “High”</li>');
    expect(unsaved.text).toContain('value="karen@example.org"');

    const saved = await rows().findOneByOrFail({ name: 'Sales domain' });
    const miss = await post(`/scp/admin/filters/${saved.id}`, salesRule({ ...sample, 'sample.email': 'karen@example.com', 'actions.1.target': 'priority:4' }), `/scp/admin/filters/${saved.id}`);
    expect(miss.status).toBe(200);
    expect(miss.text).toContain('Sample result: the rule does not match');
    expect(miss.text).toMatch(/No match<\/span> domain equals “example.org”/);
    expect((await rows().findOneByOrFail({ id: saved.id })).actions).toEqual([{ type: 'set_department', departmentId: 2 }, { type: 'set_priority', priorityId: 3 }]);

    const bad = await post('/scp/admin/filters', salesRule({ ...sample, 'conditions.0.operator': 'matches', 'conditions.0.value': '(a|a)*b' }));
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'cond-0-value')).toMatch(/overlap/);
    expect(bad.text).not.toContain('Sample result');
    expect((await post('/scp/admin/filters', salesRule({ ...sample, 'sample.source': 'pigeon' }))).status).toBe(422);
    expect({ rows: await rows().count(), audits: await auditCount() }).toEqual(before);
  });

  it('edits a rule, auditing only what changed', async () => {
    const saved = await rows().findOneByOrFail({ name: 'Sales domain' });
    const page = await admin.get(`/scp/admin/filters/${saved.id}`).expect(200);
    expect(page.text).toContain('value="Sales domain"');
    expect(page.text).toContain('<option value="priority:3" selected>High</option>');
    const res = await post(`/scp/admin/filters/${saved.id}`, salesRule({ 'actions.1.target': 'priority:4' }), `/scp/admin/filters/${saved.id}`);
    expect(res.status).toBe(303);
    expect((await rows().findOneByOrFail({ id: saved.id })).actions[1]).toEqual({ type: 'set_priority', priorityId: 4 });
    const [updated] = await audits('filter.updated');
    expect(updated).toMatchObject({ targetId: saved.id, before: { actions: ['set department to #2', 'set priority to #3'] }, after: { actions: ['set department to #2', 'set priority to #4'] } });
    expect(Object.keys(updated.after!)).toEqual(['actions']);
  });

  it('disables, enables and deletes after a confirm, each audited', async () => {
    const saved = await rows().findOneByOrFail({ name: 'Sales domain' });
    const page = await admin.get(`/scp/admin/filters/${saved.id}`).expect(200);
    expect(page.text).toContain('data-confirm="Disable the filter “Sales domain”? New tickets will skip it."');
    expect(page.text).toContain('data-confirm="Delete the filter “Sales domain”?"');
    const path = `/scp/admin/filters/${saved.id}`;
    expect((await post(`${path}/disable`, {}, path)).status).toBe(303);
    expect((await rows().findOneByOrFail({ id: saved.id })).isActive).toBe(false);
    expect((await post(`${path}/enable`, {}, path)).status).toBe(303);
    expect((await rows().findOneByOrFail({ id: saved.id })).isActive).toBe(true);
    expect((await post(`${path}/delete`, {}, path)).status).toBe(303);
    expect(await rows().findOneBy({ id: saved.id })).toBeNull();
    expect((await audits('filter.disabled'))[0]).toMatchObject({ targetId: saved.id, before: { isActive: true }, after: { isActive: false } });
    expect(await audits('filter.enabled')).toHaveLength(1);
    expect((await audits('filter.deleted'))[0]).toMatchObject({ targetId: saved.id, targetLabel: 'Sales domain', after: null });
    await admin.get(path).expect(404);
  });

  it('answers 404 to agents who are not admins, on every route', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const spam = await rows().findOneByOrFail({ name: 'Block spam' });
    await john.get('/scp/admin/filters').expect(404);
    await john.get('/scp/admin/filters/new').expect(404);
    await john.get(`/scp/admin/filters/${spam.id}`).expect(404);
    const token = await formToken(john, '/scp/tickets');
    const count = await rows().count();
    for (const path of ['/scp/admin/filters', `/scp/admin/filters/${spam.id}`, `/scp/admin/filters/${spam.id}/delete`, `/scp/admin/filters/${spam.id}/move`, `/scp/admin/filters/${spam.id}/enable`]) {
      const res = await john.post(path).type('form').send({ _csrf: token, ...salesRule({ name: 'Sneaky' }), direction: 'up' });
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect(await rows().count()).toBe(count);
    expect(await rows().findOneBy({ id: spam.id })).not.toBeNull();
  });
});
