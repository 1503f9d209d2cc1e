import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CannedResponse } from '../../src/canned/canned.entities';
import { CannedResponsesService } from '../../src/canned/canned.service';
import { StaffService } from '../../src/staff/staff.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const titles = (html: string) => [...html.matchAll(/<td data-label="Title"><a href="[^"]+">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);

describe(`admin: canned responses (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const rows = () => t.dataSource.getRepository(CannedResponse);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]>, formPath = '/scp/admin/canned/new') {
    const token = await formToken(admin, formPath);
    return admin.post(path).type('form').send({ _csrf: token, ...fields });
  }
  const create = (fields: Record<string, string | string[]>) => post('/scp/admin/canned', { isActive: ['0', '1'], ...fields });

  it('creates global and department responses, with an audit record each', async () => {
    const form = await admin.get('/scp/admin/canned/new').expect(200);
    expect(form.text).toContain('<code>%{ticket.number}</code>');
    expect(form.text).toContain('<option value="">All departments (global)</option>');

    const res = await create({ title: '  Thanks for waiting ', departmentId: '', body: 'Hi %{user.name},\nticket #%{ticket.number} is fixed.' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/canned');
    expect((await admin.get('/scp/admin/canned').expect(200)).text).toContain('Canned response “Thanks for waiting” created.');
    expect((await create({ title: 'Billing hours', departmentId: '2', body: 'Sales answers 9-5.' })).status).toBe(303);
    expect((await post('/scp/admin/canned', { title: 'Old greeting', departmentId: '1', body: 'Hello!', isActive: '0' })).status).toBe(303);

    const global = await rows().findOneByOrFail({ title: 'Thanks for waiting' });
    expect(global).toMatchObject({ departmentId: null, isActive: true, body: 'Hi %{user.name},\nticket #%{ticket.number} is fixed.' });
    expect(await rows().findOneByOrFail({ title: 'Old greeting' })).toMatchObject({ departmentId: 1, isActive: false });
    const created = await audits('canned.created');
    expect(created).toHaveLength(3);
    expect(created[0]).toMatchObject({
      actorName: 'Help Desk Administrator', targetType: 'canned_response', targetId: global.id, targetLabel: 'Thanks for waiting', before: null,
      after: { title: 'Thanks for waiting', departmentId: null, isActive: true, body: 'Hi %{user.name},\nticket #%{ticket.number} is fixed.' },
    });
  });

  it('lists with a department filter and a search over title and body', async () => {
    const all = await admin.get('/scp/admin/canned').expect(200);
    expect(titles(all.text)).toEqual(['Billing hours', 'Old greeting', 'Thanks for waiting']);
    expect(titles((await admin.get('/scp/admin/canned?department=global').expect(200)).text)).toEqual(['Thanks for waiting']);
    expect(titles((await admin.get('/scp/admin/canned?department=2').expect(200)).text)).toEqual(['Billing hours']);
    expect(titles((await admin.get('/scp/admin/canned?q=BILLING').expect(200)).text)).toEqual(['Billing hours']);
    expect(titles((await admin.get('/scp/admin/canned?q=is+fixed').expect(200)).text)).toEqual(['Thanks for waiting']);
    expect(titles((await admin.get('/scp/admin/canned?q=9-5&department=1').expect(200)).text)).toEqual([]);
    // LIKE wildcards are taken literally.
    expect(titles((await admin.get('/scp/admin/canned?q=%25%7Buser').expect(200)).text)).toEqual(['Thanks for waiting']);
    const none = await admin.get('/scp/admin/canned?q=_').expect(200);
    expect(titles(none.text)).toEqual([]);
    expect(none.text).toContain('No canned responses match.');
    await admin.get('/scp/admin/canned?department=sales').expect(404);
  });

  it('offers an agent the active global ones and those of the ticket\'s department, filled in by plain substitution', async () => {
    const service = t.app.get(CannedResponsesService);
    expect((await service.listForTicket(2)).map((c) => c.title)).toEqual(['Billing hours', 'Thanks for waiting']);
    expect((await service.listForTicket(1)).map((c) => c.title)).toEqual(['Thanks for waiting']);
    const [thanks] = await service.listForTicket(3);
    expect(service.render(thanks.body, { 'user.name': 'Karen {{agent.name}}', 'ticket.number': '123456' })).toBe('Hi Karen {{agent.name}},\nticket #123456 is fixed.');
  });

  it('re-renders the form with 422, the messages and typed values, and writes nothing, on bad input', async () => {
    const before = { rows: await rows().count(), audits: (await audits('canned.created')).length };
    const cases: [Record<string, string>, string, string][] = [
      [{ title: ' ', departmentId: '', body: 'x' }, 'canned-title', 'Enter a title (up to 120 characters).'],
      [{ title: 'x'.repeat(121), departmentId: '', body: 'x' }, 'canned-title', 'Enter a title (up to 120 characters).'],
      [{ title: 'Blank body', departmentId: '', body: ' \n ' }, 'canned-body', 'Write the response.'],
      [{ title: 'Long body', departmentId: '', body: 'x'.repeat(10_001) }, 'canned-body', 'The response is too long (at most 10,000 characters).'],
      [{ title: 'Bad dept', departmentId: 'sales', body: 'x' }, 'canned-department', 'Choose a department from the list.'],
      [{ title: 'Unknown dept', departmentId: '999', body: 'x' }, 'canned-department', 'Choose a department from the list.'],
      [{ title: 'thanks FOR waiting', departmentId: '', body: 'x' }, 'canned-title', 'Another canned response in that department already has this title.'],
      [{ title: 'BILLING HOURS', departmentId: '2', body: 'x' }, 'canned-title', 'Another canned response in that department already has this title.'],
    ];
    for (const [fields, id, message] of cases) {
      const res = await create(fields);
      expect([fields.title, res.status]).toEqual([fields.title, 422]);
      expect(fieldError(res.text, id)).toBe(message);
    }
    const kept = await create({ title: 'BILLING HOURS', departmentId: '2', body: 'changed <i>', isActive: '0' });
    expect(kept.status).toBe(422);
    expect(kept.text).toContain('value="BILLING HOURS"');
    expect(kept.text).toContain('<option value="2" selected>Sales</option>');
    expect(kept.text).toMatch(/<textarea[^>]*id="canned-body"[^>]*>\nchanged &lt;i&gt;<\/textarea>/);
    expect(kept.text).not.toMatch(/id="canned-active" name="isActive" value="1" checked/);
    const long = await create({ title: `<b>${'x'.repeat(120)}`, departmentId: '', body: 'x' });
    expect(long.text).toContain(`value="&lt;b&gt;${'x'.repeat(120)}"`);
    expect({ rows: await rows().count(), audits: (await audits('canned.created')).length }).toEqual(before);
  });

  it('allows the same title in another department', async () => {
    expect((await create({ title: 'Billing hours', departmentId: '1', body: 'Support does not bill.' })).status).toBe(303);
    expect(await rows().countBy({ title: 'Billing hours' })).toBe(2);
  });

  it('edits a response, auditing only what changed', async () => {
    const row = await rows().findOneByOrFail({ title: 'Old greeting' });
    const page = await admin.get(`/scp/admin/canned/${row.id}`).expect(200);
    expect(page.text).toContain('value="Old greeting"');
    expect(page.text).toContain('<option value="1" selected>Support</option>');
    const res = await post(`/scp/admin/canned/${row.id}`, { title: 'Greeting', departmentId: '1', body: 'Hello!', isActive: ['0', '1'] }, `/scp/admin/canned/${row.id}`);
    expect(res.status).toBe(303);
    expect(await rows().findOneByOrFail({ id: row.id })).toMatchObject({ title: 'Greeting', isActive: true, body: 'Hello!' });
    const [updated] = await audits('canned.updated');
    expect(updated).toMatchObject({ targetId: row.id, targetLabel: 'Greeting', before: { title: 'Old greeting', isActive: false }, after: { title: 'Greeting', isActive: true } });

    const dup = await post(`/scp/admin/canned/${row.id}`, { title: 'billing hours', departmentId: '1', body: 'Hello!', isActive: '0' }, `/scp/admin/canned/${row.id}`);
    expect(dup.status).toBe(422);
    expect(fieldError(dup.text, 'canned-title')).toBe('Another canned response in that department already has this title.');
    expect(dup.text).toContain('Delete canned response');
    expect((await rows().findOneByOrFail({ id: row.id })).title).toBe('Greeting');
  });

  it('deletes a response after a confirm, with the deleted values in the audit log', async () => {
    const row = await rows().findOneByOrFail({ title: 'Greeting' });
    const page = await admin.get(`/scp/admin/canned/${row.id}`).expect(200);
    expect(page.text).toContain(`data-confirm="Delete the canned response “Greeting”?"`);
    const res = await post(`/scp/admin/canned/${row.id}/delete`, {}, `/scp/admin/canned/${row.id}`);
    expect(res.status).toBe(303);
    expect(await rows().findOneBy({ id: row.id })).toBeNull();
    const deleted = (await audits('canned.deleted')).at(-1)!;
    expect(deleted).toMatchObject({ targetId: row.id, before: { title: 'Greeting', departmentId: 1, isActive: true, body: 'Hello!' }, after: null });
  });

  it('answers 404 to bad or unknown ids', async () => {
    const token = await formToken(admin, '/scp/admin/canned');
    for (const id of ['abc', '0', '99999']) {
      await admin.get(`/scp/admin/canned/${id}`).expect(404);
      await admin.post(`/scp/admin/canned/${id}`).type('form').send({ _csrf: token, title: 'x', departmentId: '', body: 'x', isActive: '1' }).expect(404);
      await admin.post(`/scp/admin/canned/${id}/delete`).type('form').send({ _csrf: token }).expect(404);
    }
  });

  it('answers 404 to an agent who is not an admin, and writes nothing', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const token = await formToken(john, '/scp/tickets');
    const count = await rows().count();
    const { id } = await rows().findOneByOrFail({ title: 'Thanks for waiting' });
    await john.get('/scp/admin/canned').expect(404);
    await john.get('/scp/admin/canned/new').expect(404);
    await john.get(`/scp/admin/canned/${id}`).expect(404);
    await john.post('/scp/admin/canned').type('form').send({ _csrf: token, title: 'Sneaky', departmentId: '', body: 'x', isActive: '1' }).expect(404);
    await john.post(`/scp/admin/canned/${id}`).type('form').send({ _csrf: token, title: 'Sneaky', departmentId: '', body: 'x', isActive: '1' }).expect(404);
    await john.post(`/scp/admin/canned/${id}/delete`).type('form').send({ _csrf: token }).expect(404);
    expect(await rows().count()).toBe(count);
    expect((await rows().findOneByOrFail({ id })).title).toBe('Thanks for waiting');
  });
});
