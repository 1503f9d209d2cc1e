import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { CustomField } from '../../src/forms/custom-field.entity';
import { CustomForm } from '../../src/forms/custom-form.entity';
import { TicketFieldValue } from '../../src/forms/ticket-field-value.entity';
import { HelpTopic } from '../../src/help-topics/help-topic.entity';
import { StaffService } from '../../src/staff/staff.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type FieldFields = Record<'label' | 'name' | 'type' | 'choices' | 'visibility' | 'sort', string>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const textareaValue = (html: string, id: string) => new RegExp(`<textarea id="${id}"[^>]*>\\n([\\s\\S]*?)</textarea>`).exec(html)?.[1];
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
const encode = (fields: Record<string, string | string[]>) =>
  new URLSearchParams(Object.entries(fields).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

describe(`admin: forms (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  let formId: number;
  const forms = () => t.dataSource.getRepository(CustomForm);
  const fields = () => t.dataSource.getRepository(CustomField);
  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const snapshot = async () => ({
    forms: await forms().find({ order: { id: 'ASC' } }),
    fields: await fields().find({ order: { id: 'ASC' } }),
    topics: await t.dataSource.getRepository(HelpTopic).find({ order: { id: 'ASC' } }),
    audits: await t.dataSource.getRepository(AuditEvent).count(),
  });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, body: Record<string, string | string[]> = {}, agent = admin) {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(path).type('form').send(encode({ _csrf: token, ...body }));
  }
  const field = (values: Partial<FieldFields> & { isRequired?: boolean; userEditable?: boolean; isActive?: boolean } = {}) => ({
    label: '', name: '', type: 'text', choices: '', visibility: 'all', sort: '', ...values,
    isRequired: values.isRequired ? ['0', '1'] : '0', userEditable: values.userEditable === false ? '0' : ['0', '1'], isActive: values.isActive === false ? '0' : ['0', '1'],
  });

  it('creates a form, audited, and refuses an empty or duplicate name', async () => {
    const res = await post('/scp/admin/forms', { name: ' Device details ', instructions: 'Tell us about the device.' });
    expect(res.status).toBe(303);
    const form = await forms().findOneByOrFail({ name: 'Device details' });
    formId = form.id;
    expect(form).toMatchObject({ instructions: 'Tell us about the device.', isActive: true });
    expect(res.headers.location).toBe(`/scp/admin/forms/${formId}`);
    const page = await admin.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain('success: Form “Device details” created. Add its fields below.');
    expect(page.text).toContain('This form has no fields yet.');
    expect((await audits('form.created'))[0]).toMatchObject({ targetType: 'form', targetId: formId, after: { name: 'Device details', instructions: 'Tell us about the device.', isActive: true } });

    const found = await admin.get('/scp/admin/forms').query({ q: 'DEVICE' }).expect(200);
    expect(found.text).toContain('>Device details</a>');
    for (const q of ['%', 'device_']) {
      const none = await admin.get('/scp/admin/forms').query({ q }).expect(200);
      expect(none.text).toContain(`No form matches “${q}”.`);
    }

    const before = await snapshot();
    const twin = await post('/scp/admin/forms', { name: 'DEVICE DETAILS', instructions: 'Again' });
    expect(twin.status).toBe(422);
    expect(fieldError(twin.text, 'form-name')).toBe('There is already a form named “Device details”.');
    expect(inputValue(twin.text, 'form-name')).toBe('DEVICE DETAILS');
    expect(textareaValue(twin.text, 'form-instructions')).toBe('Again');
    const empty = await post('/scp/admin/forms', { name: '' });
    expect(empty.status).toBe(422);
    expect(fieldError(empty.text, 'form-name')).toBe('Name is required.');
    expect(await snapshot()).toEqual(before);
  });

  it('adds fields of each kind; a choice field gets its choices one per line', async () => {
    const os = await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Operating system', name: 'os', type: 'choice', choices: 'Windows\r\n macOS \n\nLinux\nWindows', isRequired: true, sort: '10' }));
    expect(os.status).toBe(303);
    expect(await fields().findOneByOrFail({ formId, name: 'os' })).toMatchObject({
      label: 'Operating system', type: 'choice', choices: ['Windows', 'macOS', 'Linux'], isRequired: true, visibility: 'all', userEditable: true, sort: 10, isActive: true,
    });
    // CASE: a field only agents see cannot be filled in by the user, whatever the box said.
    await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Asset tag', name: 'asset_tag', visibility: 'agents', choices: 'ignored', sort: '20' }));
    expect(await fields().findOneByOrFail({ formId, name: 'asset_tag' })).toMatchObject({ visibility: 'agents', userEditable: false, choices: null });
    await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Purchased on', name: 'purchased_on', type: 'date', sort: '30' }));

    const page = await admin.get(`/scp/admin/forms/${formId}`).expect(200);
    expect(page.text).toMatch(/<a href="\/scp\/admin\/forms\/\d+\/fields\/\d+">Operating system<\/a>/);
    expect(page.text).toContain('<code>asset_tag</code>');
    expect(page.text).toContain('Agents only');
    const created = await audits('form_field.created');
    expect(created).toHaveLength(3);
    expect(created[0]).toMatchObject({ targetType: 'form_field', targetLabel: 'Device details: Operating system', after: { name: 'os', choices: ['Windows', 'macOS', 'Linux'] } });
  });

  it('refuses a choice field without choices, a duplicate machine name, a bad machine name and an unknown type', async () => {
    const before = await snapshot();
    const noChoices = await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Browser', name: 'browser', type: 'multichoice', choices: ' \n ' }));
    expect(noChoices.status).toBe(422);
    expect(fieldError(noChoices.text, 'field-choices')).toBe('List at least one choice, one per line.');
    expect(inputValue(noChoices.text, 'field-label')).toBe('Browser');
    expect(inputValue(noChoices.text, 'field-name')).toBe('browser');
    expect(selected(noChoices.text, 'field-type')).toBe('multichoice');

    const twin = await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'OS again', name: 'os' }));
    expect(twin.status).toBe(422);
    expect(fieldError(twin.text, 'field-name')).toBe('This form already has a field named “os”.');

    const badName = await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Serial', name: 'Serial Number', type: 'rocket' }));
    expect(badName.status).toBe(422);
    expect(fieldError(badName.text, 'field-name')).toBe('Machine name: 1 to 64 lowercase letters, digits and _ (for example “order_number”).');
    expect(fieldError(badName.text, 'field-type')).toBe('Choose a field type from the list.');
    expect(await snapshot()).toEqual(before);
    await admin.post(`/scp/admin/forms/999/fields`).expect(403); // no CSRF token: refused before anything else
    expect((await post('/scp/admin/forms/999/fields', field({ label: 'X', name: 'x' }))).status).toBe(404);
  });

  it('edits a field, audited with what changed, and keeps the form on bad input', async () => {
    const os = await fields().findOneByOrFail({ formId, name: 'os' });
    const page = await admin.get(`/scp/admin/forms/${formId}/fields/${os.id}`).expect(200);
    expect(textareaValue(page.text, 'field-choices')).toBe('Windows\nmacOS\nLinux');

    const bad = await post(`/scp/admin/forms/${formId}/fields/${os.id}`, field({ label: '', name: 'os', type: 'choice', choices: 'Windows' }));
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'field-label')).toBe('Label is required.');

    const res = await post(`/scp/admin/forms/${formId}/fields/${os.id}`, field({ label: 'Operating system', name: 'os', type: 'choice', choices: 'Windows\nmacOS\nLinux\nChromeOS', isRequired: true, sort: '10' }));
    expect(res.status).toBe(303);
    expect((await fields().findOneByOrFail({ id: os.id })).choices).toEqual(['Windows', 'macOS', 'Linux', 'ChromeOS']);
    const [updated] = await audits('form_field.updated');
    expect(updated).toMatchObject({ targetId: os.id, before: { choices: ['Windows', 'macOS', 'Linux'] }, after: { choices: ['Windows', 'macOS', 'Linux', 'ChromeOS'] } });
  });

  it('reorders the fields with their sort numbers, and refuses a number that is not one', async () => {
    const [os, tag, date] = await Promise.all(['os', 'asset_tag', 'purchased_on'].map((name) => fields().findOneByOrFail({ formId, name })));
    const bad = await post(`/scp/admin/forms/${formId}/fields/order`, { [`sort_${os.id}`]: 'first', [`sort_${tag.id}`]: '5' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(`<p class="field-error" id="field-sort-${os.id}-error">Sort order must be a whole number from 0 to 9999.</p>`);
    expect(inputValue(bad.text, `field-sort-${os.id}`)).toBe('first');
    expect((await fields().findOneByOrFail({ id: tag.id })).sort).toBe(20);

    const res = await post(`/scp/admin/forms/${formId}/fields/order`, { [`sort_${os.id}`]: '30', [`sort_${tag.id}`]: '5', [`sort_${date.id}`]: '30' });
    expect(res.status).toBe(303);
    const page = await admin.get(`/scp/admin/forms/${formId}`).expect(200);
    const order = [...page.text.matchAll(/<code>([a-z_]+)<\/code>/g)].map((m) => m[1]);
    expect(order).toEqual(['asset_tag', 'os', 'purchased_on']);
    const reordered = (await audits('form.updated')).at(-1)!;
    expect(reordered).toMatchObject({ before: { fieldOrder: ['os', 'asset_tag', 'purchased_on'] }, after: { fieldOrder: ['asset_tag', 'os', 'purchased_on'] } });
  });

  it('refuses to delete a form a help topic uses; disables it; deletes an unused one with its fields', async () => {
    const topicRes = await post('/scp/admin/help-topics/3', {
      name: 'Report a Problem', parentId: '', departmentId: '1', priorityId: '2', slaPlanId: '1', statusId: '', staffId: '', teamId: '',
      formId: String(formId), sort: '3', isPublic: ['0', '1'], isActive: ['0', '1'],
    });
    expect(topicRes.status).toBe(303);
    const list = await admin.get('/scp/admin/forms').expect(200);
    expect(list.text).toMatch(/>Device details<\/a><\/td>\s*<td data-label="Fields">3<\/td>\s*<td data-label="Used by">Report a Problem<\/td>/);

    const before = await snapshot();
    const refused = await post(`/scp/admin/forms/${formId}/delete`);
    expect(refused.headers.location).toBe(`/scp/admin/forms/${formId}`);
    const page = await admin.get(refused.headers.location).expect(200);
    expect(flashes(page.text)).toContain('error: The form “Device details” is used by the help topic “Report a Problem”; choose another form there first or disable it instead.');
    expect(await snapshot()).toEqual(before);

    await post(`/scp/admin/forms/${formId}/disable`);
    expect((await forms().findOneByOrFail({ id: formId })).isActive).toBe(false);
    expect((await audits('form.disabled'))[0]).toMatchObject({ targetId: formId, before: { isActive: true }, after: { isActive: false } });
    await post(`/scp/admin/forms/${formId}/enable`);
    expect((await forms().findOneByOrFail({ id: formId })).isActive).toBe(true);

    const spare = await post('/scp/admin/forms', { name: 'Spare', instructions: '' });
    const spareId = Number(spare.headers.location.split('/').pop());
    await post(`/scp/admin/forms/${spareId}/fields`, field({ label: 'Note', name: 'note' }));
    const gone = await post(`/scp/admin/forms/${spareId}/delete`);
    expect(gone.headers.location).toBe('/scp/admin/forms');
    expect(await forms().findOneBy({ id: spareId })).toBeNull();
    expect(await fields().countBy({ formId: spareId })).toBe(0);
    expect((await audits('form.deleted'))[0]).toMatchObject({ targetId: spareId, before: { name: 'Spare', instructions: null } });
  });

  it('keeps answered fields: no removal, no type change; an unanswered field is removed', async () => {
    await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 3, subject: 'Laptop', message: 'It will not boot.', source: 'web', uploads: [],
      fields: { cf_os: 'Linux', cf_purchased_on: '2024-05-01' },
    });
    const os = await fields().findOneByOrFail({ formId, name: 'os' });
    expect(await t.dataSource.getRepository(TicketFieldValue).countBy({ fieldId: os.id })).toBe(1);

    const before = await snapshot();
    await post(`/scp/admin/forms/${formId}/fields/${os.id}/delete`);
    const page = await admin.get(`/scp/admin/forms/${formId}/fields/${os.id}`).expect(200);
    expect(flashes(page.text)).toContain('error: Tickets hold 1 answer to “Operating system”; disable the field instead.');
    const retype = await post(`/scp/admin/forms/${formId}/fields/${os.id}`, field({ label: 'Operating system', name: 'os', type: 'text', sort: '30' }));
    expect(retype.status).toBe(422);
    expect(fieldError(retype.text, 'field-type')).toBe('Tickets already hold answers to this field, so its type cannot change; add a new field instead.');
    const formDelete = await post(`/scp/admin/help-topics/3`, {
      name: 'Report a Problem', parentId: '', departmentId: '1', priorityId: '2', slaPlanId: '1', statusId: '', staffId: '', teamId: '', formId: '', sort: '3', isPublic: ['0', '1'], isActive: ['0', '1'],
    });
    expect(formDelete.status).toBe(303);
    await post(`/scp/admin/forms/${formId}/delete`);
    const formPage = await admin.get(`/scp/admin/forms/${formId}`).expect(200);
    expect(flashes(formPage.text)).toContain('error: Tickets hold 2 answers to the form “Device details”; disable it instead.');
    expect((await snapshot()).fields).toEqual(before.fields);

    const tag = await fields().findOneByOrFail({ formId, name: 'asset_tag' });
    const removed = await post(`/scp/admin/forms/${formId}/fields/${tag.id}/delete`);
    expect(removed.headers.location).toBe(`/scp/admin/forms/${formId}`);
    expect(await fields().findOneBy({ id: tag.id })).toBeNull();
    expect((await audits('form_field.deleted'))[0]).toMatchObject({ targetId: tag.id, before: { name: 'asset_tag', visibility: 'agents' } });
  });

  it('answers 404 to an agent who is not an admin, on pages and posts', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    await john.get('/scp/admin/forms').expect(404);
    await john.get(`/scp/admin/forms/${formId}`).expect(404);
    const before = await snapshot();
    expect((await post('/scp/admin/forms', { name: 'Sneaky' }, john)).status).toBe(404);
    expect((await post(`/scp/admin/forms/${formId}/fields`, field({ label: 'Sneaky', name: 'sneaky' }), john)).status).toBe(404);
    expect((await post(`/scp/admin/forms/${formId}/disable`, {}, john)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });
});
