import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Department } from '../../src/departments/department.entity';
import { HelpTopic } from '../../src/help-topics/help-topic.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type TopicFields = Record<'name' | 'parentId' | 'departmentId' | 'priorityId' | 'slaPlanId' | 'statusId' | 'staffId' | 'teamId' | 'formId' | 'sort', string>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
/** The help topic list's names, in page order. */
const listed = (html: string) => [...html.matchAll(/<td data-label="Help topic" class="tree-depth-(\d)"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => `${m[1]}:${m[2]}`);

describe(`admin: help topics (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let john: Staff;
  const topics = () => t.dataSource.getRepository(HelpTopic);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();
  const snapshot = async () => ({ topics: await topics().find({ order: { id: 'ASC' } }), audits: await auditCount() });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    john = await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]> = {}, agent = admin) {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(path).type('form').send(encode({ _csrf: token, ...fields }));
  }
  const form = (fields: Partial<TopicFields> & { isPublic?: boolean; isActive?: boolean } = {}) => ({
    name: '', parentId: '', departmentId: '', priorityId: '', slaPlanId: '', statusId: '', staffId: '', teamId: '', formId: '', sort: '',
    ...fields, isPublic: fields.isPublic === false ? '0' : ['0', '1'], isActive: fields.isActive === false ? '0' : ['0', '1'],
  });
  const current = async (id: number): Promise<Partial<TopicFields>> => {
    const topic = await topics().findOneByOrFail({ id });
    const id$ = (v: number | null) => (v === null ? '' : String(v));
    return {
      name: topic.name, parentId: id$(topic.parentId), departmentId: id$(topic.departmentId), priorityId: id$(topic.priorityId),
      slaPlanId: id$(topic.slaPlanId), statusId: id$(topic.statusId), staffId: id$(topic.staffId), teamId: id$(topic.teamId), formId: id$(topic.formId), sort: String(topic.sort),
    };
  };

  it('lists the topics as a tree, subtopics under their parent, and searches their full names', async () => {
    const res = await admin.get('/scp/admin/help-topics').expect(200);
    expect(listed(res.text)).toEqual(['0:Feedback', '0:General Inquiry', '0:Report a Problem', '1:Report a Problem / Access Issue']);

    const found = await admin.get('/scp/admin/help-topics').query({ q: 'ACCESS' }).expect(200);
    expect(listed(found.text)).toEqual(['0:Report a Problem / Access Issue']);
    const none = await admin.get('/scp/admin/help-topics').query({ q: '%' }).expect(200);
    expect(none.text).toContain('No help topic matches “%”.');
  });

  it('creates a subtopic with its defaults for new tickets, audited', async () => {
    const res = await post('/scp/admin/help-topics', form({
      name: '  Billing Question ', parentId: '3', departmentId: '2', priorityId: '3', slaPlanId: '1', statusId: '2',
      staffId: String(john.id), teamId: '1', sort: '7', isPublic: false,
    }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/help-topics');
    const row = await topics().findOneByOrFail({ name: 'Billing Question' });
    expect(row).toMatchObject({
      fullName: 'Report a Problem / Billing Question', parentId: 3, departmentId: 2, priorityId: 3, slaPlanId: 1, statusId: 2,
      staffId: john.id, teamId: 1, formId: null, isPublic: false, isActive: true, sort: 7,
    });
    const list = await admin.get('/scp/admin/help-topics').expect(200);
    expect(flashes(list.text)).toContain('success: Help topic “Report a Problem / Billing Question” created.');
    expect(listed(list.text)).toEqual([
      '0:Feedback', '0:General Inquiry', '0:Report a Problem', '1:Report a Problem / Access Issue', '1:Report a Problem / Billing Question',
    ]);

    const [created] = await audits('help_topic.created');
    expect(created).toMatchObject({ actorType: 'staff', targetType: 'help_topic', targetId: row.id, targetLabel: 'Report a Problem / Billing Question', before: null });
    expect(created.after).toMatchObject({ name: 'Billing Question', parentId: 3, departmentId: 2, statusId: 2, staffId: john.id, teamId: 1, isPublic: false });
  });

  it('gives new tickets of a topic its default status and auto-assignee', async () => {
    const topic = await topics().findOneByOrFail({ name: 'Billing Question' });
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: topic.id, subject: 'Invoice twice', message: 'I was billed twice.', source: 'phone', uploads: [],
    });
    expect(await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).toMatchObject({ statusId: 2, departmentId: 2, priorityId: 3, staffId: john.id, teamId: 1 });
    const events = await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId: ticket.id, type: 'event' }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.event, e.body])).toEqual([
      ['created', 'Karen Kline opened the ticket via phone'],
      ['assigned', 'Assigned to John Doe and the team Level I Support by the help topic Report a Problem / Billing Question'],
    ]);
  });

  it('refuses a topic pointing to a disabled department, keeping what was typed and writing nothing', async () => {
    await t.dataSource.getRepository(Department).update({ id: 2 }, { isActive: false });
    try {
      const before = await snapshot();
      const res = await post('/scp/admin/help-topics', form({ name: 'Upgrade Offers', departmentId: '2', priorityId: '1' }));
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'topic-department')).toBe('The department Sales is disabled.');
      expect(inputValue(res.text, 'topic-name')).toBe('Upgrade Offers');
      expect(selected(res.text, 'topic-department')).toBe('2');
      expect(selected(res.text, 'topic-priority')).toBe('1');
      expect(res.text).toContain('Sales (disabled)');

      const edit = await post('/scp/admin/help-topics/1', form({ ...(await current(1)), departmentId: '2' }));
      expect(edit.status).toBe(422);
      expect(fieldError(edit.text, 'topic-department')).toBe('The department Sales is disabled.');
      expect(await snapshot()).toEqual(before);
    } finally {
      await t.dataSource.getRepository(Department).update({ id: 2 }, { isActive: true });
    }
  });

  it('refuses a topic as its own parent or under one of its subtopics', async () => {
    const before = await snapshot();
    const own = await post('/scp/admin/help-topics/3', form({ ...(await current(3)), parentId: '3' }));
    expect(own.status).toBe(422);
    expect(fieldError(own.text, 'topic-parent')).toBe('A help topic cannot be its own parent.');
    const under = await post('/scp/admin/help-topics/3', form({ ...(await current(3)), parentId: '4' }));
    expect(under.status).toBe(422);
    expect(fieldError(under.text, 'topic-parent')).toBe('A help topic cannot go under its own subtopic “Report a Problem / Access Issue”.');
    // The edit page never offers the topic itself or its subtopics as a parent.
    const page = await admin.get('/scp/admin/help-topics/3').expect(200);
    const parents = /<select id="topic-parent"[\s\S]*?<\/select>/.exec(page.text)![0];
    expect(parents).not.toContain('Access Issue');
    expect(parents).not.toContain('>Report a Problem<');
    expect(parents).toContain('>General Inquiry<');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input: no name, a sibling with the same name, bad ids, a closed status, a disabled agent', async () => {
    const before = await snapshot();
    const empty = await post('/scp/admin/help-topics', form({ name: '  ' }));
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'topic-name')).toBe('Name is required.');

    const twin = await post('/scp/admin/help-topics', form({ name: 'access issue', parentId: '3' }));
    expect(twin.status).toBe(422);
    expect(fieldError(twin.text, 'topic-name')).toBe('There is already a help topic “Report a Problem / Access Issue”.');

    const badIds = await post('/scp/admin/help-topics', form({ name: 'Odd', parentId: 'abc', departmentId: '999', sort: '-1' }));
    expect(badIds.status).toBe(422);
    expect(fieldError(badIds.text, 'topic-parent')).toBe('Choose a parent topic from the list.');
    expect(fieldError(badIds.text, 'topic-sort')).toBe('Sort order must be a whole number from 0 to 9999.');
    const missing = await post('/scp/admin/help-topics', form({ name: 'Odd', parentId: '999', departmentId: '999', formId: '999' }));
    expect(missing.status).toBe(422);
    expect(fieldError(missing.text, 'topic-parent')).toBe('Choose a parent topic from the list.');
    expect(fieldError(missing.text, 'topic-department')).toBe('Choose a department from the list.');
    expect(fieldError(missing.text, 'topic-form')).toBe('Choose a form from the list.');

    const closed = await post('/scp/admin/help-topics', form({ name: 'Odd', statusId: '4' }));
    expect(closed.status).toBe(422);
    expect(fieldError(closed.text, 'topic-status')).toBe('The status Resolved is not an open status; new tickets need an open one.');

    await t.dataSource.getRepository(Staff).update({ id: john.id }, { isActive: false });
    const away = await post('/scp/admin/help-topics', form({ name: 'Odd', staffId: String(john.id) }));
    await t.dataSource.getRepository(Staff).update({ id: john.id }, { isActive: true });
    expect(away.status).toBe(422);
    expect(fieldError(away.text, 'topic-staff')).toBe('The agent John Doe is disabled.');
    expect(await snapshot()).toEqual(before);
  });

  it('renames and moves a topic, renewing the full names of its subtopics in the same change', async () => {
    const child = await topics().findOneByOrFail({ name: 'Billing Question' });
    await post('/scp/admin/help-topics', form({ name: 'Refunds', parentId: String(child.id) }));
    const grandchild = await topics().findOneByOrFail({ name: 'Refunds' });
    expect(grandchild.fullName).toBe('Report a Problem / Billing Question / Refunds');

    const renamed = await post('/scp/admin/help-topics/3', form({ ...(await current(3)), name: 'Report an Issue' }));
    expect(renamed.status).toBe(303);
    expect((await topics().findOneByOrFail({ id: 4 })).fullName).toBe('Report an Issue / Access Issue');
    expect((await topics().findOneByOrFail({ id: grandchild.id })).fullName).toBe('Report an Issue / Billing Question / Refunds');
    const [updated] = await audits('help_topic.updated');
    expect(updated).toMatchObject({ targetId: 3, before: { name: 'Report a Problem', fullName: 'Report a Problem' }, after: { name: 'Report an Issue', fullName: 'Report an Issue' } });

    const moved = await post(`/scp/admin/help-topics/${child.id}`, form({ ...(await current(child.id)), parentId: '1', isPublic: false }));
    expect(moved.status).toBe(303);
    expect((await topics().findOneByOrFail({ id: child.id })).fullName).toBe('General Inquiry / Billing Question');
    expect((await topics().findOneByOrFail({ id: grandchild.id })).fullName).toBe('General Inquiry / Billing Question / Refunds');
    const list = await admin.get('/scp/admin/help-topics').expect(200);
    expect(listed(list.text)).toEqual([
      '0:Feedback', '0:General Inquiry', '1:General Inquiry / Billing Question', '2:General Inquiry / Billing Question / Refunds',
      '0:Report an Issue', '1:Report an Issue / Access Issue',
    ]);
  });

  it('disables and enables a topic: the portal no longer offers it, audited', async () => {
    const disabled = await post('/scp/admin/help-topics/2/disable');
    expect(disabled.status).toBe(303);
    expect((await topics().findOneByOrFail({ id: 2 })).isActive).toBe(false);
    const portal = await request(t.http).get('/tickets/new').expect(200);
    expect(portal.text).not.toContain('>Feedback</option>');
    expect((await audits('help_topic.disabled'))[0]).toMatchObject({ targetId: 2, before: { isActive: true }, after: { isActive: false } });

    await post('/scp/admin/help-topics/2/enable');
    expect((await topics().findOneByOrFail({ id: 2 })).isActive).toBe(true);
    expect(await audits('help_topic.enabled')).toHaveLength(1);
  });

  it('refuses to delete a topic with subtopics or tickets, and deletes an unused one', async () => {
    const before = await snapshot();
    const parent = await post('/scp/admin/help-topics/3/delete');
    expect(parent.status).toBe(303);
    expect(parent.headers.location).toBe('/scp/admin/help-topics/3');
    const page = await admin.get('/scp/admin/help-topics/3').expect(200);
    expect(flashes(page.text)).toContain('error: The help topic “Report an Issue” still has 1 subtopic; move them first or disable it instead.');

    const billing = await topics().findOneByOrFail({ name: 'Billing Question' });
    await post(`/scp/admin/help-topics/${billing.id}/delete`);
    const refused = await admin.get(`/scp/admin/help-topics/${billing.id}`).expect(200);
    expect(flashes(refused.text)).toContain('error: The help topic “General Inquiry / Billing Question” still has 1 subtopic and 1 ticket; move them first or disable it instead.');
    expect(await snapshot()).toEqual(before);

    const refunds = await topics().findOneByOrFail({ name: 'Refunds' });
    const gone = await post(`/scp/admin/help-topics/${refunds.id}/delete`);
    expect(gone.headers.location).toBe('/scp/admin/help-topics');
    expect(await topics().findOneBy({ id: refunds.id })).toBeNull();
    expect((await audits('help_topic.deleted'))[0]).toMatchObject({ targetId: refunds.id, before: { fullName: 'General Inquiry / Billing Question / Refunds' }, after: null });
  });

  it('answers 404 to an agent who is not an admin, on pages and posts, and 404 for an unknown topic', async () => {
    const agent = await loginAgent(t.http, 'john', 'john-pass-123');
    await agent.get('/scp/admin/help-topics').expect(404);
    await agent.get('/scp/admin/help-topics/1').expect(404);
    const before = await snapshot();
    expect((await post('/scp/admin/help-topics', form({ name: 'Sneaky' }), agent)).status).toBe(404);
    expect((await post('/scp/admin/help-topics/1/delete', {}, agent)).status).toBe(404);
    expect((await post('/scp/admin/help-topics/1/disable', {}, agent)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
    await admin.get('/scp/admin/help-topics/999').expect(404);
    await admin.get('/scp/admin/help-topics/abc').expect(404);
  });
});
