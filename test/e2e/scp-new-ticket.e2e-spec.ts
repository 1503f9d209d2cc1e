import request from 'supertest';
import { Attachment } from '../../src/attachments/attachment.entity';
import { AuditActor } from '../../src/audit/audit.service';
import { FieldInput, FormsService } from '../../src/forms/forms.service';
import { TicketFieldValue } from '../../src/forms/ticket-field-value.entity';
import { HelpTopic } from '../../src/help-topics/help-topic.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const inputValue = (html: string, id: string) => new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
};
/** The staff ticket page's "Details" list: { 'Operating system': 'Linux', ... }. */
const details = (html: string) => {
  const section = /<section class="card ticket-details"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...section.matchAll(/<dt>([^<]*?)(?: <span class="badge[^>]*>[^<]*<\/span>)?<\/dt><dd>([\s\S]*?)<\/dd>/g)].map((m) => [m[1], m[2].replace(/<[^>]*>/g, '')]));
};
const departmentOptions = (html: string) => {
  const select = /<select id="nt-department"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1];
  return [...select.matchAll(/<option value="\d+"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
};

const VALID = {
  userId: '', email: 'walkin@example.org', name: 'Walt Walkin', phone: '+1 555 0142', source: 'phone', topicId: '1', departmentId: '1',
  priorityId: '3', slaPlanId: 'none', staffId: '', subject: 'Cannot log in', message: 'Called about the login page.', responseKind: 'none', response: '',
};

describe(`staff panel: new ticket on a user's behalf (${testDbKind})`, () => {
  let t: TestApp;
  let alice: Agent;
  let vic: Agent;
  let aliceId: number;
  const tickets = () => t.dataSource.getRepository(Ticket);
  const counts = async () => ({ tickets: await tickets().count(), users: await t.dataSource.getRepository(User).count(), entries: await t.dataSource.getRepository(ThreadEntry).count() });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const staff = t.app.get(StaffService);
    aliceId = (await staff.create({ username: 'alice', email: 'alice@example.com', firstName: 'Alice', lastName: 'Agent', password: 'alice-pass-123', departmentId: 1, roleId: 1 })).id;
    await staff.create({ username: 'vic', email: 'vic@example.com', firstName: 'Vic', lastName: 'Viewer', password: 'vic-pass-1234', departmentId: 1, roleId: 4 });
    alice = await loginAgent(t.http, 'alice', 'alice-pass-123');
    vic = await loginAgent(t.http, 'vic', 'vic-pass-1234');
  });
  afterAll(() => t?.close());

  async function submit(agent: Agent, fields: Record<string, string | string[]>, file?: { name: string; content: string }) {
    const token = await formToken(agent, '/scp/tickets');
    let req = agent.post('/scp/tickets/new').field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) req = req.field(name, v);
    if (file) req = req.attach('attachments', Buffer.from(file.content), { filename: file.name, contentType: 'text/plain' });
    return req;
  }

  it('shows the form with only the departments where the agent may open tickets, and a link in the navigation', async () => {
    const page = await alice.get('/scp/tickets/new').expect(200);
    expect(departmentOptions(page.text)).toEqual(['Support']);
    expect(page.text).toContain('<option value="1" selected>Support</option>');
    expect(page.text).toContain('data-user-lookup="/scp/users/lookup"');
    expect((await alice.get('/scp/tickets').expect(200)).text).toContain('<a href="/scp/tickets/new">New Ticket</a>');
  });

  it('opens a ticket for a new user with everything the agent chose, a file and a first reply', async () => {
    const res = await submit(alice, { ...VALID, staffId: String(aliceId), responseKind: 'reply', response: 'We reset your password.' }, { name: 'notes.txt', content: 'call notes' });
    expect(res.status).toBe(303);
    const ticket = await tickets().findOneOrFail({ where: { subject: 'Cannot log in' }, relations: { user: true } });
    expect(res.headers.location).toBe(`/scp/tickets/${ticket.id}`);
    expect(ticket).toMatchObject({ source: 'phone', departmentId: 1, helpTopicId: 1, priorityId: 3, slaPlanId: null, staffId: aliceId, isAnswered: true });
    expect(ticket.user).toMatchObject({ email: 'walkin@example.org', name: 'Walt Walkin', phone: '+1 555 0142' });
    const entries = await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId: ticket.id }, order: { id: 'ASC' } });
    expect(entries.map((e) => [e.type, e.event, e.posterName, e.body])).toEqual(expect.arrayContaining([
      ['message', null, 'Walt Walkin', 'Called about the login page.'],
      ['event', 'created', 'Alice Agent', 'Alice Agent opened the ticket for Walt Walkin via phone'],
      ['event', 'assigned', 'System', 'Assigned to Alice Agent by Alice Agent'],
      ['response', null, 'Alice Agent', 'We reset your password.'],
    ]));
    const created = entries.find((e) => e.event === 'created')!;
    expect(created.staffId).toBe(aliceId);
    const file = await t.dataSource.getRepository(Attachment).findOneByOrFail({ ticketId: ticket.id });
    expect(file).toMatchObject({ fileName: 'notes.txt', threadEntryId: entries.find((e) => e.type === 'message')!.id });
    const page = await alice.get(res.headers.location).expect(200);
    expect(flashes(page.text)).toContain(`success: Ticket #${ticket.number} opened.`);
  });

  it('opens a ticket for an existing user found by email, with an internal note, keeping their name', async () => {
    await t.app.get(UsersService).findOrCreate({ email: 'karen@example.com', name: 'Karen Kline' });
    const before = await counts();
    const res = await submit(alice, { ...VALID, email: 'KAREN@example.com', name: '', phone: '', source: 'other', subject: 'Walk-in', priorityId: '', slaPlanId: '', responseKind: 'note', response: 'Came to the desk.' });
    expect(res.status).toBe(303);
    const ticket = await tickets().findOneOrFail({ where: { subject: 'Walk-in' }, relations: { user: true } });
    expect(ticket.user).toMatchObject({ email: 'karen@example.com', name: 'Karen Kline' });
    expect(ticket).toMatchObject({ source: 'other', priorityId: 2, isAnswered: false });
    expect((await counts()).users).toBe(before.users);
    const note = await t.dataSource.getRepository(ThreadEntry).findOneByOrFail({ ticketId: ticket.id, type: 'note' });
    expect(note).toMatchObject({ body: 'Came to the desk.', staffId: aliceId });
  });

  it('starts with the user picked from their page (?userId=) and opens the ticket for them', async () => {
    const karen = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'karen@example.com' });
    const page = await alice.get(`/scp/tickets/new?userId=${karen.id}`).expect(200);
    expect(page.text).toContain(`<input type="hidden" name="userId" value="${karen.id}">`);
    expect(inputValue(page.text, 'nt-email')).toBe('karen@example.com');
    const res = await submit(alice, { ...VALID, userId: String(karen.id), email: '', name: '', phone: '', subject: 'Picked user' });
    expect(res.status).toBe(303);
    expect((await tickets().findOneByOrFail({ subject: 'Picked user' })).userId).toBe(karen.id);
    expect((await alice.get('/scp/tickets/new?userId=99999999')).status).toBe(404);
  });

  it.each([
    ['no subject', { subject: '' }, 'nt-subject', 'Issue summary is required.'],
    ['a bad email', { email: 'not-an-email' }, 'nt-email', 'Enter a valid email address.'],
    ['a new email without a name', { email: 'nobody-yet@example.org', name: '' }, 'nt-name', 'No user has this email yet: enter their full name.'],
    ['a source agents cannot pick', { source: 'web' }, 'nt-source', 'Choose how the user reached you.'],
    ['a department outside the agent\'s reach', { departmentId: '3' }, 'nt-department', 'Choose a department from the list.'],
    ['an unknown help topic', { topicId: '999' }, 'nt-topic', 'Choose a help topic from the list.'],
    ['an unknown assignee', { staffId: '999' }, 'nt-assignee', 'Choose an agent from the list.'],
    ['a reply without text', { responseKind: 'reply', response: '' }, 'nt-response', 'Write the reply or note, or choose "No response".'],
  ])('refuses %s: 422, typed values kept, nothing written', async (_case, change, id, message) => {
    const before = await counts();
    const res = await submit(alice, { ...VALID, subject: 'Refused ticket', ...change });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, id)).toBe(message.replace(/"/g, '&quot;'));
    expect(inputValue(res.text, 'nt-phone')).toBe(VALID.phone);
    expect(await counts()).toEqual(before);
  });

  it('refuses an agent whose role may not open tickets: 403 on the form and the submission, nothing written', async () => {
    expect((await vic.get('/scp/tickets/new')).status).toBe(403);
    const before = await counts();
    const token = await formToken(vic, '/scp/tickets');
    const res = await vic.post('/scp/tickets/new').type('form').send({ _csrf: token, ...VALID, subject: 'Viewer ticket' });
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('offers an admin every active department', async () => {
    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    expect(departmentOptions((await admin.get('/scp/tickets/new').expect(200)).text).sort()).toEqual(['Maintenance', 'Sales', 'Support']);
  });

  describe("the help topic's custom fields", () => {
    const PROBLEM = { ...VALID, topicId: '3', subject: 'Laptop will not boot', message: 'Black screen since the update.' };
    const answers = async (ticketId: number) =>
      Object.fromEntries((await t.dataSource.getRepository(TicketFieldValue).find({ where: { ticketId }, relations: { field: true } })).map((v) => [v.field.name, v.value]));
    const written = async () => ({ ...(await counts()), answers: await t.dataSource.getRepository(TicketFieldValue).count() });

    beforeAll(async () => {
      const forms = t.app.get(FormsService);
      const actor: AuditActor = { type: 'system', id: null, name: 'Setup', ip: null };
      const field = (f: Partial<FieldInput> & Pick<FieldInput, 'name' | 'label'>): FieldInput =>
        ({ type: 'text', choices: [], isRequired: false, visibility: 'all', userEditable: true, sort: 0, isActive: true, ...f });
      const problem = await forms.create(actor, { name: 'Problem details', instructions: 'Help us reproduce the problem.' });
      await forms.addField(actor, problem.id, field({ name: 'os', label: 'Operating system', type: 'choice', choices: ['Windows', 'macOS', 'Linux'], isRequired: true, sort: 10 }));
      await forms.addField(actor, problem.id, field({ name: 'internal_ref', label: 'Internal reference', visibility: 'agents', userEditable: false, sort: 20 }));
      await forms.addField(actor, problem.id, field({ name: 'devices', label: 'Devices affected', type: 'number', sort: 30 }));
      await forms.addField(actor, problem.id, field({ name: 'apps', label: 'Apps affected', type: 'multichoice', choices: ['Mail', 'Calendar', 'Drive'], sort: 40 }));
      const feedback = await forms.create(actor, { name: 'Feedback details', instructions: null });
      await forms.addField(actor, feedback.id, field({ name: 'rating', label: 'Rating', isRequired: true }));
      await t.dataSource.getRepository(HelpTopic).update({ id: 3 }, { formId: problem.id });
      await t.dataSource.getRepository(HelpTopic).update({ id: 2 }, { formId: feedback.id });
    });

    it("shows the chosen topic's questions, agents-only ones included, and swaps them with the topic", async () => {
      const none = await alice.get('/scp/tickets/new').expect(200);
      expect(none.text).not.toContain('name="cf_');
      expect(none.text).toContain('data-fields-url="/scp/tickets/new"');
      expect(none.text).toContain("Show the topic's questions");
      expect(none.text).toContain('<div id="topic-fields" aria-live="polite">');

      const page = await alice.get('/scp/tickets/new').query({ topicId: '3' }).expect(200);
      expect(selected(page.text, 'nt-topic')).toBe('3');
      expect(page.text).toContain('<legend>Problem details</legend>');
      expect(page.text).toContain('Help us reproduce the problem.');
      expect(page.text).toMatch(/<select id="nt-cf-os" name="cf_os" required>\s*<option value="">— Select —<\/option>\s*<option value="Windows">Windows<\/option>/);
      expect(page.text).toContain('<input id="nt-cf-internal-ref" name="cf_internal_ref" type="text" value="">');
      expect(page.text).toContain('<input id="nt-cf-devices" name="cf_devices" type="text" value="" inputmode="decimal">');
      expect(page.text).toContain('<input type="checkbox" id="nt-cf-apps-2" name="cf_apps" value="Calendar">');
      expect(page.text).not.toContain('cf_rating');
      // Questions come before the file input, which stays last in the form.
      expect(page.text.indexOf('name="cf_apps"')).toBeLessThan(page.text.indexOf('name="attachments"'));

      const other = await alice.get('/scp/tickets/new').query({ topicId: '2' }).expect(200);
      expect(other.text).toContain('<input id="nt-cf-rating" name="cf_rating" type="text" value="" required>');
      expect(other.text).not.toContain('cf_os');
      for (const topicId of ['1', 'x', '999']) expect((await alice.get('/scp/tickets/new').query({ topicId }).expect(200)).text).not.toContain('name="cf_');
    });

    it('keeps a picked user when the topic is chosen through the page', async () => {
      const karen = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'karen@example.com' });
      const page = await alice.get('/scp/tickets/new').query({ userId: karen.id, topicId: '3' }).expect(200);
      expect(page.text).toContain(`<input type="hidden" name="userId" value="${karen.id}">`);
      expect(page.text).toContain('name="cf_os"');
    });

    it('shows the questions without script: the button re-renders with what was typed, writing nothing', async () => {
      const before = await written();
      const res = await submit(alice, { ...PROBLEM, intent: 'fields', cf_devices: '2' });
      expect(res.status).toBe(200);
      expect(inputValue(res.text, 'nt-email')).toBe(PROBLEM.email);
      expect(inputValue(res.text, 'nt-subject')).toBe(PROBLEM.subject);
      expect(selected(res.text, 'nt-topic')).toBe('3');
      expect(inputValue(res.text, 'nt-cf-devices')).toBe('2');
      expect(res.text).toContain('name="cf_os"');
      expect(res.text).not.toContain('class="field-error"');
      expect(await written()).toEqual(before);
    });

    it('refuses a missing required field and a bad number: 422, messages by the fields, every typed value kept, nothing written', async () => {
      const before = await written();
      const res = await submit(alice, { ...PROBLEM, cf_devices: 'several', cf_apps: ['Mail', 'Drive'], cf_internal_ref: 'INC-7' });
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'nt-cf-os')).toBe('Operating system is required.');
      expect(fieldError(res.text, 'nt-cf-devices')).toBe('Devices affected must be a number, like 42 or 3.5.');
      expect(res.text).toMatch(/<select id="nt-cf-os" name="cf_os" required aria-invalid="true" aria-describedby="nt-cf-os-error">/);
      // Shown by their fields only, not again above the form.
      expect(flashes(res.text)).toEqual([]);
      expect(inputValue(res.text, 'nt-cf-devices')).toBe('several');
      expect(inputValue(res.text, 'nt-cf-internal-ref')).toBe('INC-7');
      expect(res.text).toContain('<input type="checkbox" id="nt-cf-apps-1" name="cf_apps" value="Mail" checked>');
      expect(res.text).toContain('<input type="checkbox" id="nt-cf-apps-2" name="cf_apps" value="Calendar">');
      expect(res.text).toContain('<input type="checkbox" id="nt-cf-apps-3" name="cf_apps" value="Drive" checked>');
      expect(inputValue(res.text, 'nt-email')).toBe(PROBLEM.email);
      expect(inputValue(res.text, 'nt-phone')).toBe(PROBLEM.phone);
      expect(inputValue(res.text, 'nt-subject')).toBe(PROBLEM.subject);
      expect(await written()).toEqual(before);

      // A core field's error keeps the answers too.
      const core = await submit(alice, { ...PROBLEM, subject: '', cf_os: 'Linux', cf_devices: '4' });
      expect(core.status).toBe(422);
      expect(fieldError(core.text, 'nt-subject')).toBe('Issue summary is required.');
      expect(selected(core.text, 'nt-cf-os')).toBe('Linux');
      expect(inputValue(core.text, 'nt-cf-devices')).toBe('4');
      expect(await written()).toEqual(before);
    });

    it('stores the answers on the new ticket, ignoring a field of another topic, and shows them on the ticket page', async () => {
      const res = await submit(alice, { ...PROBLEM, cf_os: 'Linux', cf_devices: ' 3 ', cf_apps: ['Drive', 'Mail'], cf_internal_ref: 'INC-7', cf_rating: 'five' });
      expect(res.status).toBe(303);
      const ticket = await tickets().findOneByOrFail({ subject: PROBLEM.subject });
      expect(res.headers.location).toBe(`/scp/tickets/${ticket.id}`);
      expect(ticket.helpTopicId).toBe(3);
      expect(await answers(ticket.id)).toEqual({ os: 'Linux', devices: '3', apps: '["Mail","Drive"]', internal_ref: 'INC-7' });
      const page = await alice.get(res.headers.location).expect(200);
      expect(details(page.text)).toEqual({ 'Operating system': 'Linux', 'Internal reference': 'INC-7', 'Devices affected': '3', 'Apps affected': 'Mail, Drive' });
      expect(page.text).not.toContain('Rating');
    });

    it("ignores another topic's field, required there, on a topic without a form", async () => {
      const res = await submit(alice, { ...VALID, topicId: '1', subject: 'General question', cf_rating: 'five', cf_os: 'Linux' });
      expect(res.status).toBe(303);
      const ticket = await tickets().findOneByOrFail({ subject: 'General question' });
      expect(await answers(ticket.id)).toEqual({});
    });
  });
});
