import request from 'supertest';
import { CustomField } from '../../src/forms/custom-field.entity';
import { TicketFieldValue } from '../../src/forms/ticket-field-value.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
/** A "Details" list's terms and values: { 'Operating system': 'Linux', ... }. */
const details = (html: string) => {
  const section = /<section class="card ticket-details"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...section.matchAll(/<dt>([^<]*?)(?: <span class="badge[^>]*>[^<]*<\/span>)?<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [m[1], m[2].replace(/<[^>]*>/g, '')]));
};

const CORE = { email: 'karen@example.com', name: 'Karen Kline', phone: '', topicId: '3', subject: 'Laptop will not boot', message: 'Black screen since the update.' };

describe(`custom fields on the portal and the ticket pages (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let karen: Agent;
  let ticketId: number;
  let number: string;
  const values = async (id = ticketId) =>
    Object.fromEntries((await t.dataSource.getRepository(TicketFieldValue).find({ where: { ticketId: id }, relations: { field: true } })).map((v) => [v.field.name, v.value]));
  const counts = async () => ({
    tickets: await t.dataSource.getRepository(Ticket).count(),
    users: await t.dataSource.getRepository(User).count(),
    answers: await t.dataSource.getRepository(TicketFieldValue).count(),
    entries: await t.dataSource.getRepository(ThreadEntry).count(),
  });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    await staff.create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 2 });
    await staff.create({ username: 'vera', email: 'vera@example.com', firstName: 'Vera', lastName: 'Viewer', password: 'vera-pass-123', departmentId: 1, roleId: 4 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    karen = request.agent(t.http);
  });
  afterAll(() => t.close());

  async function adminPost(path: string, body: Record<string, string | string[]>) {
    const token = await formToken(admin, '/scp/tickets');
    const res = await admin.post(path).type('form').send(encode({ _csrf: token, ...body }));
    expect([path, res.status]).toEqual([path, 303]);
    return res;
  }

  async function openTicket(fields: Record<string, string | string[]>, agent = karen) {
    const token = await formToken(agent, '/tickets/new');
    let req = agent.post('/tickets').field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
    return req;
  }

  it('lets an admin add a form with a required choice and an agents-only field to "Report a Problem"', async () => {
    const created = await adminPost('/scp/admin/forms', { name: 'Problem details', instructions: 'Help us reproduce the problem.' });
    const formId = Number(created.headers.location.split('/').pop());
    const field = (f: Record<string, string>, flags: { required?: boolean; userEditable?: boolean } = {}) => ({
      type: 'text', choices: '', visibility: 'all', sort: '', ...f,
      isRequired: flags.required ? ['0', '1'] : '0', userEditable: flags.userEditable === false ? '0' : ['0', '1'], isActive: ['0', '1'],
    });
    await adminPost(`/scp/admin/forms/${formId}/fields`, field({ label: 'Operating system', name: 'os', type: 'choice', choices: 'Windows\nmacOS\nLinux', sort: '10' }, { required: true }));
    await adminPost(`/scp/admin/forms/${formId}/fields`, field({ label: 'Internal reference', name: 'internal_ref', visibility: 'agents', sort: '20' }));
    await adminPost(`/scp/admin/forms/${formId}/fields`, field({ label: 'Devices affected', name: 'devices', type: 'number', sort: '30' }));
    await adminPost(`/scp/admin/forms/${formId}/fields`, field({ label: 'Apps affected', name: 'apps', type: 'multichoice', choices: 'Mail\nCalendar\nDrive', sort: '40' }));
    await adminPost('/scp/admin/help-topics/3', {
      name: 'Report a Problem', parentId: '', departmentId: '1', priorityId: '2', slaPlanId: '1', statusId: '', staffId: '', teamId: '',
      formId: String(formId), sort: '3', isPublic: ['0', '1'], isActive: ['0', '1'],
    });
    expect(await t.dataSource.getRepository(CustomField).countBy({ formId })).toBe(4);
  });

  it('shows the chosen topic\'s questions for the user on the portal form, never the agents-only one', async () => {
    const none = await karen.get('/tickets/new').expect(200);
    expect(none.text).not.toContain('name="cf_');
    expect(none.text).toContain('data-fields-url="/tickets/new"');
    expect(none.text).toContain("Show the topic's questions");

    const page = await karen.get('/tickets/new').query({ topicId: '3' }).expect(200);
    expect(selected(page.text, 'open-topic')).toBe('3');
    expect(page.text).toContain('<legend>Problem details</legend>');
    expect(page.text).toContain('Help us reproduce the problem.');
    expect(page.text).toMatch(/<select id="open-cf-os" name="cf_os" required>\s*<option value="">— Select —<\/option>\s*<option value="Windows">Windows<\/option>/);
    expect(page.text).toContain('<input id="open-cf-devices" name="cf_devices" type="text" value="" inputmode="decimal">');
    expect(page.text).toContain('<input type="checkbox" id="open-cf-apps-2" name="cf_apps" value="Calendar">');
    expect(page.text).not.toContain('cf_internal_ref');
    expect(page.text).not.toContain('Internal reference');
    // Questions come before the file input, which stays last in the form.
    expect(page.text.indexOf('name="cf_apps"')).toBeLessThan(page.text.indexOf('name="attachments"'));

    const other = await karen.get('/tickets/new').query({ topicId: '1' }).expect(200);
    expect(other.text).not.toContain('name="cf_');
    const junk = await karen.get('/tickets/new').query({ topicId: 'x' }).expect(200);
    expect(junk.text).not.toContain('name="cf_');
  });

  it('shows the questions without script: the button re-renders the form with what was typed, writing nothing', async () => {
    const before = await counts();
    const res = await openTicket({ ...CORE, intent: 'fields' });
    expect(res.status).toBe(200);
    expect(inputValue(res.text, 'open-email')).toBe('karen@example.com');
    expect(inputValue(res.text, 'open-subject')).toBe('Laptop will not boot');
    expect(res.text).toContain('name="cf_os"');
    expect(res.text).not.toContain('class="field-error"');
    expect(await counts()).toEqual(before);
  });

  it('refuses a ticket without the required choice: 422 with the messages and every typed value kept', async () => {
    const before = await counts();
    const res = await openTicket({ ...CORE, cf_devices: 'several', cf_apps: ['Mail', 'Drive'] });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'open-cf-os')).toBe('Operating system is required.');
    expect(fieldError(res.text, 'open-cf-devices')).toBe('Devices affected must be a number, like 42 or 3.5.');
    expect(res.text).toMatch(/<select id="open-cf-os" name="cf_os" required aria-invalid="true" aria-describedby="open-cf-os-error">/);
    expect(inputValue(res.text, 'open-cf-devices')).toBe('several');
    expect(res.text).toContain('<input type="checkbox" id="open-cf-apps-1" name="cf_apps" value="Mail" checked>');
    expect(res.text).toContain('<input type="checkbox" id="open-cf-apps-2" name="cf_apps" value="Calendar">');
    expect(res.text).toContain('<input type="checkbox" id="open-cf-apps-3" name="cf_apps" value="Drive" checked>');
    expect(inputValue(res.text, 'open-email')).toBe('karen@example.com');
    expect(inputValue(res.text, 'open-subject')).toBe('Laptop will not boot');
    expect(await counts()).toEqual(before);

    const wrong = await openTicket({ ...CORE, cf_os: 'BeOS' });
    expect(wrong.status).toBe(422);
    expect(fieldError(wrong.text, 'open-cf-os')).toBe('Choose Operating system from the list.');
    expect(await counts()).toEqual(before);
  });

  it('stores the answers with the ticket; a user cannot fill in an agents-only field', async () => {
    const res = await openTicket({ ...CORE, cf_os: 'Linux', cf_devices: ' 3 ', cf_apps: ['Drive', 'Mail'], cf_internal_ref: 'sneaky' });
    expect(res.status).toBe(303);
    const thanks = await karen.get('/tickets/thanks').expect(200);
    number = /#(\d+)/.exec(thanks.text)![1];
    const ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ number });
    ticketId = ticket.id;
    expect(await values()).toEqual({ os: 'Linux', devices: '3', apps: '["Mail","Drive"]' });
  });

  it('shows every answer on the staff page, and lets an agent fill in the agents-only one (event written)', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    const page = await john.get(`/scp/tickets/${ticketId}`).expect(200);
    expect(details(page.text)).toEqual({ 'Operating system': 'Linux', 'Internal reference': '—', 'Devices affected': '3', 'Apps affected': 'Mail, Drive' });
    expect(page.text).toContain('<span class="badge badge-muted">Agents only</span>');
    expect(page.text).toContain(`action="/scp/tickets/${ticketId}/fields"`);
    expect(selected(page.text, 'edit-cf-os')).toBe('Linux');
    expect(inputValue(page.text, 'edit-cf-internal-ref')).toBe('');

    const token = await formToken(john, `/scp/tickets/${ticketId}`);
    const post = async (body: Record<string, string | string[]>) => john.post(`/scp/tickets/${ticketId}/fields`).type('form').send(encode({ _csrf: token, lastEntryId: await newestEntryId(t.dataSource, ticketId), ...body }));
    const current = { cf_os: 'Linux', cf_devices: '3', cf_apps: ['Mail', 'Drive'] };

    const before = await counts();
    const bad = await post({ ...current, cf_os: 'BeOS', cf_internal_ref: 'INC-42' });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'edit-cf-os')).toBe('Choose Operating system from the list.');
    expect(inputValue(bad.text, 'edit-cf-internal-ref')).toBe('INC-42');
    expect(bad.text).toContain('<details class="action" id="action-fields" open>');
    expect(await counts()).toEqual(before);

    const res = await post({ ...current, cf_internal_ref: 'INC-42' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/scp/tickets/${ticketId}`);
    expect(await values()).toEqual({ os: 'Linux', devices: '3', apps: '["Mail","Drive"]', internal_ref: 'INC-42' });
    const [event] = await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId, event: 'fields_changed' } });
    expect(event).toMatchObject({ type: 'event', posterName: 'John Doe', body: 'John Doe changed Internal reference from empty to “INC-42”', data: { fields: 'internal_ref' } });
    const after = await john.get(`/scp/tickets/${ticketId}`).expect(200);
    expect(flashes(after.text)).toContain('success: Details updated.');
    expect(details(after.text)['Internal reference']).toBe('INC-42');
    expect(after.text).toContain('John Doe changed Internal reference from empty to “INC-42”');

    const again = await post({ ...current, cf_internal_ref: 'INC-42' });
    expect(again.status).toBe(303);
    expect(await t.dataSource.getRepository(ThreadEntry).countBy({ ticketId, event: 'fields_changed' })).toBe(1);

    const cleared = await post({ cf_os: 'Windows', cf_devices: '', cf_internal_ref: 'INC-42' });
    expect(cleared.status).toBe(303);
    expect(await values()).toEqual({ os: 'Windows', internal_ref: 'INC-42' });
    const last = (await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId, event: 'fields_changed' }, order: { id: 'DESC' }, take: 1 }))[0];
    expect(last.body).toBe('John Doe changed Operating system from “Linux” to “Windows”; Devices affected from “3” to empty; Apps affected from “Mail, Drive” to empty');
  });

  it('refuses the edit to an agent whose role may not edit tickets, writing nothing', async () => {
    const vera = await loginAgent(t.http, 'vera', 'vera-pass-123');
    const token = await formToken(vera, `/scp/tickets/${ticketId}`);
    const before = { ...(await counts()), values: await values() };
    const res = await vera.post(`/scp/tickets/${ticketId}/fields`).type('form').send(encode({ _csrf: token, cf_os: 'macOS', cf_internal_ref: 'X' }));
    expect(res.status).toBe(303);
    const page = await vera.get(`/scp/tickets/${ticketId}`).expect(200);
    expect(flashes(page.text)).toContain('error: Your role does not allow you to edit this ticket.');
    expect({ ...(await counts()), values: await values() }).toEqual(before);
  });

  it('shows the user only the answers they may see on the portal ticket page', async () => {
    const page = await karen.get(`/tickets/${number}`).expect(200);
    expect(details(page.text)).toEqual({ 'Operating system': 'Windows', 'Devices affected': '—', 'Apps affected': '—' });
    expect(page.text).not.toContain('Internal reference');
    expect(page.text).not.toContain('INC-42');
    expect(page.text).not.toContain('changed Operating system');
  });
});
