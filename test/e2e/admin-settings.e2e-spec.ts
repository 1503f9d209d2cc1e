import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { DomainError } from '../../src/common/errors';
import { Setting } from '../../src/settings/setting.entity';
import { SlaPlan } from '../../src/sla/sla-plan.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Priority } from '../../src/tickets/priority.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { TicketStatus } from '../../src/tickets/ticket-status.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type FormValue = string | string[];
interface FilePart { name: string; content: Buffer; type: string }

const PATH = '/scp/admin/settings';

/** The form as a fresh install shows it (the checkboxes post "0" then "1" when ticked). */
const defaultForm = (publicUrl: string): Record<string, FormValue> => ({
  helpdeskName: 'RelayDesk', helpdeskUrl: publicUrl, timezone: 'UTC', dateFormat: 'd MMM yyyy, HH:mm', defaultPageSize: '25',
  ticketNumberMode: 'sequential', ticketNumberMask: '######', defaultDepartmentId: '1',
  defaultHelpTopicId: '', reopenPolicy: 'reopen', maxOpenTicketsPerUser: '0', attachmentMaxMb: '10',
  attachmentMaxFiles: '5', allowedFileTypes: '', clientRegistration: 'guests', autoresponderEnabled: ['0', '1'], alertsEnabled: ['0', '1'],
  emailCcAsCollaborators: ['0', '1'], autoresponsesPerSenderPerHour: '5',
});

/** "yyyy-MM-dd HH:mm" in a time zone, worked out with Intl here rather than with the helper under test. */
function isoMinuteIn(value: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(value).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

describe(`admin settings (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: Agent;
  let adminScope: AgentScope;
  let form: Record<string, FormValue>;

  /** Posts the whole form: the defaults with `over` on top, as a browser would. */
  async function save(over: Record<string, FormValue> = {}): Promise<request.Response> {
    const token = await formToken(admin, PATH);
    const params = new URLSearchParams([['_csrf', token]]);
    for (const [key, value] of Object.entries({ ...form, ...over })) for (const item of [value].flat()) params.append(key, item);
    return admin.post(PATH).type('form').send(params.toString());
  }

  async function saved(over: Record<string, FormValue>): Promise<void> {
    const res = await save(over);
    if (res.status !== 303) throw new Error(`saving ${JSON.stringify(over)} answered ${res.status}: ${res.text.match(/field-error[^>]*>([^<]*)/g)}`);
  }

  async function openOnPortal(browser: Agent, fields: Record<string, string>, files: FilePart[] = []): Promise<request.Response> {
    const token = await formToken(browser, '/tickets/new');
    let req = browser.post('/tickets').field('_csrf', token);
    const values = { email: 'karen@example.com', name: 'Karen Kline', phone: '', topicId: '1', subject: 'Mobile banking is down', message: 'Service unavailable.', ...fields };
    for (const [name, value] of Object.entries(values)) req = req.field(name, value);
    for (const f of files) req = req.attach('attachments', f.content, { filename: f.name, contentType: f.type });
    return req;
  }

  const latestTicket = () => db.getRepository(Ticket).findOneOrFail({ where: {}, order: { id: 'DESC' } });
  const settingsAudits = () => db.getRepository(AuditEvent).find({ where: { action: 'settings.updated' }, order: { id: 'ASC' } });
  const openByPhone = (email: string, subject = 'Called in') => t.app.get(TicketIntakeService).open({
    email, name: 'Phone Caller', phone: null, topicId: 1, subject, message: 'Taken over the phone.', source: 'phone', uploads: [],
  });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    form = defaultForm(t.config.publicUrl);
    await t.app.get(StaffService).create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    adminScope = (await t.app.get(StaffService).scope(adminRow.id))!;
  });
  afterAll(() => t?.close());

  describe('the form', () => {
    it('shows the defaults of a fresh install, which stores no settings at all', async () => {
      expect(await db.getRepository(Setting).count()).toBe(0);
      const res = await admin.get(PATH).expect(200);
      for (const legend of ['System', 'Tickets', 'Attachments', 'Portal', 'Mail']) expect(res.text).toContain(`<legend>${legend}</legend>`);
      expect(res.text).toContain('<title>Settings · RelayDesk</title>');
      expect(res.text).toMatch(/name="helpdeskName" type="text" value="RelayDesk"/);
      expect(res.text).toMatch(/name="ticketNumberMask" type="text" value="######"/);
      expect(res.text).toMatch(/<option value="UTC" selected>UTC<\/option>/);
      expect(res.text).toMatch(/<option value="1" selected>Support<\/option>/);
      // The default status, priority and SLA plan are shown, not chosen here: their own pages set them.
      expect(res.text).toMatch(/<dt>Default status<\/dt>\s*<dd><strong>Open<\/strong> · <a href="\/scp\/admin\/statuses">change on Ticket Statuses<\/a>/);
      expect(res.text).toMatch(/<dt>Default priority<\/dt>\s*<dd><strong>Normal<\/strong> · <a href="\/scp\/admin\/priorities">change on Priorities<\/a>/);
      expect(res.text).toMatch(/<dt>Default SLA plan<\/dt>\s*<dd><strong>Default SLA<\/strong> · <a href="\/scp\/admin\/sla">change on SLA Plans<\/a>/);
      expect(res.text).not.toContain('name="defaultStatusId"');
      expect(res.text).not.toContain('name="defaultPriorityId"');
      expect(res.text).not.toContain('name="defaultSlaPlanId"');
      expect(res.text).toContain('Per file, from 1 to 10 MB (the server&#x27;s limit).');
      expect(res.text).toMatch(/id="settings-autoresponder" name="autoresponderEnabled" value="1" checked/);
      expect(res.text).toContain('aria-current="page"');
    });

    it('answers 404 to an agent who is not an admin, on the page and on the POST', async () => {
      const john = await loginAgent(t.http, 'john', 'john-pass-123');
      await john.get(PATH).expect(404);
      const token = await formToken(john, '/scp/tickets');
      await john.post(PATH).type('form').send({ _csrf: token, helpdeskName: 'Hijacked' }).expect(404);
      expect(await db.getRepository(Setting).count()).toBe(0);
    });

    it('sends visitors to the login page', async () => {
      const res = await request(t.http).get(PATH).expect(303);
      expect(res.headers.location).toBe('/scp/login?next=%2Fscp%2Fadmin%2Fsettings');
    });

    it('refuses bad values with 422, a message on each field, everything typed kept, and nothing saved', async () => {
      const res = await save({
        helpdeskName: 'Acme <b>Help</b>', defaultDepartmentId: '99', ticketNumberMask: 'RD-',
        defaultPageSize: '5', timezone: 'Mars/Olympus_Mons', attachmentMaxMb: '11', attachmentMaxFiles: '6', allowedFileTypes: '.pdf, exe!',
        maxOpenTicketsPerUser: '-1', helpdeskUrl: 'ftp://help.example.com',
      });
      expect(res.status).toBe(422);
      const messages = [
        'Choose a department from the list.',
        'Write the mask with 4 to 12 # signs (one per digit) and at most 20 letters, digits or dashes around them, e.g. RD-######.',
        'Enter a page size from 10 to 100.',
        'Choose a time zone from the list.',
        "At most 10 MB: that is the server&#x27;s limit (ATTACHMENT_MAX_MB).",
        "At most 5: that is the server&#x27;s limit (ATTACHMENT_MAX_FILES).",
        '“exe!” is not a file type: list extensions like .pdf or MIME types like image/*.',
        'Enter a whole number from 0 (no limit) to 1000.',
        'Enter the address of the help desk, starting with http:// or https://.',
      ];
      for (const message of messages) expect(res.text).toContain(message);
      expect(res.text).toContain('Nothing was saved. Please correct the settings marked below.');
      // what was typed comes back, escaped
      expect(res.text).toContain('value="Acme &lt;b&gt;Help&lt;/b&gt;"');
      expect(res.text).toMatch(/name="ticketNumberMask" type="text" value="RD-"/);
      expect(res.text).toMatch(/name="defaultPageSize" type="number" value="5"/);
      expect(res.text).toMatch(/<option value="Mars\/Olympus_Mons" selected>/);
      expect(res.text).toMatch(/name="allowedFileTypes" type="text" value=".pdf, exe!"/);
      expect(await db.getRepository(Setting).count()).toBe(0);
      expect(await settingsAudits()).toHaveLength(0);
    });

    it('refuses rows that cannot be defaults (a private help topic, a disabled department), keeping the other values, saving nothing', async () => {
      await db.query('UPDATE help_topics SET is_public = 0 WHERE id = 3');
      await db.query('UPDATE departments SET is_active = 0 WHERE id = 3');
      const res = await save({ helpdeskName: 'Acme Help Desk', defaultHelpTopicId: '3', defaultDepartmentId: '3' });
      await db.query('UPDATE help_topics SET is_public = 1 WHERE id = 3');
      await db.query('UPDATE departments SET is_active = 1 WHERE id = 3');
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/id="settings-topic-error">Choose a help topic from the list\.</);
      expect(res.text).toMatch(/id="settings-department-error">Choose a department from the list\.</);
      expect(res.text).toContain('value="Acme Help Desk"');
      expect(await db.getRepository(Setting).count()).toBe(0);
    });

    it('ignores a default status or priority posted to it: the flags on their own pages are the only defaults', async () => {
      const res = await save({ defaultStatusId: '2', defaultPriorityId: '3' });
      expect(res.status).toBe(303);
      expect(await db.getRepository(Setting).count()).toBe(0);
      expect(await db.getRepository(TicketStatus).findBy({ isDefault: true })).toMatchObject([{ id: 1 }]);
      expect(await db.getRepository(Priority).findBy({ isDefault: true })).toMatchObject([{ id: 2 }]);
      expect(await settingsAudits()).toHaveLength(0);
    });

    it('refuses a field posted twice (not a single value) with 422', async () => {
      const token = await formToken(admin, PATH);
      const res = await admin.post(PATH).type('form').send(`_csrf=${encodeURIComponent(token)}&helpdeskName=A&helpdeskName=B`);
      expect(res.status).toBe(422);
      expect(res.text).toContain('This field is invalid.');
      expect(await db.getRepository(Setting).count()).toBe(0);
    });

    it('saves changes with one audit record of the changed fields, and shows them on the form', async () => {
      const res = await save({ helpdeskName: '  Acme Help Desk ', ticketNumberMode: 'sequential', ticketNumberMask: 'RD-######', alertsEnabled: '0', allowedFileTypes: 'PDF, image/*' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(PATH);
      const rows = await db.getRepository(Setting).find({ order: { key: 'ASC' } });
      expect(rows.map((r) => [r.key, JSON.parse(r.value)])).toEqual([
        ['alertsEnabled', false],
        ['allowedFileTypes', ['.pdf', 'image/*']],
        ['helpdeskName', 'Acme Help Desk'],
        ['ticketNumberFormat', { mode: 'sequential', mask: 'RD-######' }],
      ]);
      const audits = await settingsAudits();
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        actorType: 'staff', actorName: expect.any(String), targetType: 'settings', targetLabel: 'Settings',
        before: { helpdeskName: 'RelayDesk', 'ticketNumberFormat.mask': '######', alertsEnabled: true, allowedFileTypes: [] },
        after: { helpdeskName: 'Acme Help Desk', 'ticketNumberFormat.mask': 'RD-######', alertsEnabled: false, allowedFileTypes: ['.pdf', 'image/*'] },
      });
      expect(Object.keys(audits[0].before!)).not.toContain('ticketNumberFormat.mode'); // unchanged fields are left out

      const page = await admin.get(PATH).expect(200);
      expect(page.text).toContain('Settings saved.');
      expect(page.text).toContain('value="Acme Help Desk"');
      expect(page.text).toMatch(/name="allowedFileTypes" type="text" value=".pdf, image\/\*"/);
      expect(page.text).toMatch(/id="settings-alerts" name="alertsEnabled" value="1" aria-describedby/);
    });

    it('writes nothing and audits nothing when nothing changed', async () => {
      form = { ...form, helpdeskName: 'Acme Help Desk', ticketNumberMask: 'RD-######', alertsEnabled: '0', allowedFileTypes: '.pdf, image/*' };
      const before = await db.getRepository(Setting).find();
      expect((await save()).status).toBe(303);
      expect(await settingsAudits()).toHaveLength(1);
      expect(await db.getRepository(Setting).find()).toEqual(before);
      expect((await admin.get(PATH)).text).toContain('Nothing changed: the settings already had these values.');
    });
  });

  describe('taking effect', () => {
    it('puts the help desk name in every page title and header, portal and staff panel alike', async () => {
      const home = await request(t.http).get('/').expect(200);
      expect(home.text).toMatch(/<title>[^<]*Acme Help Desk<\/title>/);
      expect(home.text).toContain('<span class="brand-name">Acme Help Desk</span>');
      const login = await request(t.http).get('/scp/login').expect(200);
      expect(login.text).toMatch(/<title>[^<]*Acme Help Desk<\/title>/);
      await saved({ helpdeskName: 'Front Desk' });
      expect((await request(t.http).get('/').expect(200)).text).toMatch(/<title>[^<]*Front Desk<\/title>/);
      form = { ...form, helpdeskName: 'Front Desk' };
    });

    it('numbers new portal tickets through the mask, sequential then random', async () => {
      const karen = request.agent(t.http);
      expect((await openOnPortal(karen, { subject: 'Sequential' })).status).toBe(303);
      const first = await latestTicket();
      const [{ next }] = await db.query('SELECT next_value AS next FROM sequences WHERE name = ?', ['ticket_number']);
      expect(first.number).toBe(`RD-${String(Number(next) - 1).padStart(6, '0')}`);
      const thanks = await karen.get('/tickets/thanks').expect(200);
      expect(thanks.text).toContain(first.number);
      await karen.get(`/tickets/${first.number}`).expect(200); // the number works in portal URLs

      await saved({ ticketNumberMode: 'random', ticketNumberMask: 'X-########' });
      form = { ...form, ticketNumberMode: 'random', ticketNumberMask: 'X-########' };
      expect((await openOnPortal(karen, { subject: 'Random' })).status).toBe(303);
      const second = await latestTicket();
      expect(second.subject).toBe('Random');
      expect(second.number).toMatch(/^X-\d{8}$/);
      const [{ next: after }] = await db.query('SELECT next_value AS next FROM sequences WHERE name = ?', ['ticket_number']);
      expect(Number(after)).toBe(Number(next)); // random numbers leave the counter alone
    });

    it('skips counter values that a number from an earlier format already holds', async () => {
      await saved({ ticketNumberMode: 'sequential', ticketNumberMask: 'S-####' });
      form = { ...form, ticketNumberMode: 'sequential', ticketNumberMask: 'S-####' };
      await db.query('UPDATE sequences SET next_value = ? WHERE name = ?', [500, 'ticket_number']);
      const a = await openByPhone('taken@example.com', 'S-0500');
      const b = await openByPhone('taken@example.com', 'S-0501');
      expect([a.number, b.number]).toEqual(['S-0500', 'S-0501']);
      await db.query('UPDATE sequences SET next_value = ? WHERE name = ?', [500, 'ticket_number']);
      const c = await openByPhone('taken@example.com', 'after the clash');
      expect(c.number).toBe('S-0502'); // 500 and 501 clashed on the unique index and were retried
    });

    it('gives up after 10 clashes with a 503 and writes nothing', async () => {
      await db.query('UPDATE sequences SET next_value = ? WHERE name = ?', [600, 'ticket_number']);
      for (let i = 0; i < 10; i++) await openByPhone('taken@example.com', `S-06${String(i).padStart(2, '0')}`);
      await db.query('UPDATE sequences SET next_value = ? WHERE name = ?', [600, 'ticket_number']);
      const tickets = await db.getRepository(Ticket).count();
      const entries = await db.getRepository(ThreadEntry).count();
      const failure = await openByPhone('taken@example.com', 'one too many').catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: 'service_unavailable', status: 503 });
      expect(await db.getRepository(Ticket).count()).toBe(tickets);
      expect(await db.getRepository(ThreadEntry).count()).toBe(entries);
      const [{ next }] = await db.query('SELECT next_value AS next FROM sequences WHERE name = ?', ['ticket_number']);
      expect(Number(next)).toBe(600); // the counter moved inside the rolled-back transaction only
      await saved({ ticketNumberMode: 'sequential', ticketNumberMask: '######' });
      form = { ...form, ticketNumberMode: 'sequential', ticketNumberMask: '######' };
    });

    it('refuses a file of a type the settings do not accept, and says which types are accepted', async () => {
      const page = await request.agent(t.http).get('/tickets/new').expect(200);
      expect(page.text).toContain('Accepted types: .pdf, image/*.');
      expect(page.text).toContain('accept=".pdf, image/*"');

      const tickets = await db.getRepository(Ticket).count();
      const exe = { name: 'setup.exe', content: Buffer.from('MZ'), type: 'application/x-msdownload' };
      const res = await openOnPortal(request.agent(t.http), { subject: 'Here is the installer' }, [exe]);
      expect(res.status).toBe(422);
      expect(res.text).toContain('Files of type .exe are not accepted.');
      expect(res.text).toContain('value="Here is the installer"');
      expect(await db.getRepository(Ticket).count()).toBe(tickets);

      const pdf = { name: 'report.pdf', content: Buffer.from('%PDF-1.4'), type: 'application/pdf' };
      expect((await openOnPortal(request.agent(t.http), { subject: 'Here is the report' }, [pdf])).status).toBe(303);
    });

    it('enforces the lower size and count limits of the settings, below the server ceiling', async () => {
      await saved({ attachmentMaxMb: '1', attachmentMaxFiles: '1', allowedFileTypes: '' });
      const page = await request.agent(t.http).get('/tickets/new').expect(200);
      expect(page.text).toContain('Up to 1 file, 1&nbsp;MB each.');
      const big = { name: 'big.txt', content: Buffer.alloc(1024 * 1024 + 1, 'a'), type: 'text/plain' };
      const tooBig = await openOnPortal(request.agent(t.http), {}, [big]);
      expect(tooBig.status).toBe(422);
      expect(tooBig.text).toContain('Each attachment must be at most 1 MB.');
      const small = { name: 'a.txt', content: Buffer.from('a'), type: 'text/plain' };
      const tooMany = await openOnPortal(request.agent(t.http), {}, [small, small]);
      expect(tooMany.status).toBe(422);
      expect(tooMany.text).toContain('At most 1 attachment.');
      form = { ...form, allowedFileTypes: '' };
      await saved({});
    });

    it('gives new tickets the default department of the settings, and the flagged default status, priority and SLA plan', async () => {
      // Feedback names no department or priority, so the defaults decide.
      await db.query('UPDATE help_topics SET department_id = NULL, priority_id = NULL WHERE id = 2');
      const flag = async (table: string, id: number) => db.query(`UPDATE ${table} SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END`, [id]);
      await flag('ticket_statuses', 2);
      await flag('priorities', 3);
      await flag('sla_plans', 0);
      await saved({ defaultDepartmentId: '2', defaultHelpTopicId: '2' });
      const settingsPage = await admin.get(PATH).expect(200);
      expect(settingsPage.text).toMatch(/<dt>Default status<\/dt>\s*<dd><strong>In Progress<\/strong>/);
      expect(settingsPage.text).toMatch(/<dt>Default priority<\/dt>\s*<dd><strong>High<\/strong>/);
      expect(settingsPage.text).toMatch(/<dt>Default SLA plan<\/dt>\s*<dd><strong>None<\/strong>/);
      const page = await request.agent(t.http).get('/tickets/new').expect(200);
      expect(page.text).toMatch(/<option value="2" selected>Feedback<\/option>/);
      expect((await openOnPortal(request.agent(t.http), { topicId: '2', subject: 'Defaults' })).status).toBe(303);
      expect(await latestTicket()).toMatchObject({ subject: 'Defaults', departmentId: 2, priorityId: 3, statusId: 2, state: 'open', slaPlanId: null });

      await flag('ticket_statuses', 1);
      await flag('priorities', 2);
      await flag('sla_plans', 1);
      await saved({});
      expect((await openOnPortal(request.agent(t.http), { topicId: '2', subject: 'Default SLA' })).status).toBe(303);
      expect(await latestTicket()).toMatchObject({ subject: 'Default SLA', departmentId: 1, priorityId: 2, statusId: 1, slaPlanId: 1 });
    });

    it('ignores a default SLA plan posted to it: new tickets whose topic and department name no plan get the flagged plan', async () => {
      const plans = db.getRepository(SlaPlan);
      const rush = await plans.save(plans.create({ name: 'Rush', firstResponseHours: 1, resolutionHours: 4, scheduleId: null, isDefault: false }));
      await db.query('UPDATE sla_plans SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END', [rush.id]);
      // Feedback names no plan, and neither does Sales.
      const [feedback] = (await db.query('SELECT department_id FROM help_topics WHERE id = 2')) as { department_id: number | null }[];
      await db.query('UPDATE help_topics SET department_id = 2 WHERE id = 2');
      const audits = (await settingsAudits()).length;
      const res = await save({ defaultSlaPlanId: '1' });
      expect(res.status).toBe(303);
      expect(await db.getRepository(Setting).findOneBy({ key: 'defaultSlaPlanId' })).toBeNull();
      expect(await settingsAudits()).toHaveLength(audits);
      expect(await plans.findBy({ isDefault: true })).toMatchObject([{ id: rush.id }]);
      expect((await admin.get(PATH).expect(200)).text).toMatch(/<dt>Default SLA plan<\/dt>\s*<dd><strong>Rush<\/strong>/);
      try {
        expect((await openOnPortal(request.agent(t.http), { topicId: '2', subject: 'Flagged plan' })).status).toBe(303);
        expect(await latestTicket()).toMatchObject({ subject: 'Flagged plan', departmentId: 2, slaPlanId: rush.id });
        // A disabled plan is no default: the ticket has no SLA.
        await plans.update({ id: rush.id }, { isActive: false });
        expect((await openOnPortal(request.agent(t.http), { topicId: '2', subject: 'Disabled plan' })).status).toBe(303);
        expect(await latestTicket()).toMatchObject({ subject: 'Disabled plan', slaPlanId: null });
      } finally {
        await db.query('UPDATE help_topics SET department_id = ? WHERE id = 2', [feedback.department_id]);
        await db.query('UPDATE sla_plans SET is_default = CASE WHEN id = 1 THEN 1 ELSE 0 END');
      }
    });

    it('with "new ticket" as the reopen policy, refuses a reply to a closed ticket, and the page says so', async () => {
      const karen = request.agent(t.http);
      expect((await openOnPortal(karen, { subject: 'Reopen policy' })).status).toBe(303);
      const ticket = await latestTicket();
      await t.app.get(TicketActionsService).changeStatus(adminScope, ticket.id, 4, 'Fixed.');
      expect((await karen.get(`/tickets/${ticket.number}`).expect(200)).text).toContain('Replying will reopen this ticket.');

      await saved({ reopenPolicy: 'new_ticket' });
      const page = await karen.get(`/tickets/${ticket.number}`).expect(200);
      expect(page.text).toContain('This ticket is closed. Please open a new ticket.');
      expect(page.text).not.toContain('name="message"');

      const entries = await db.getRepository(ThreadEntry).countBy({ ticketId: ticket.id });
      const res = await karen.post(`/tickets/${ticket.number}/reply`).field('_csrf', csrfFrom(page.text)).field('message', 'It broke again.');
      expect(res.status).toBe(303);
      expect((await karen.get(`/tickets/${ticket.number}`)).text).toContain('This ticket is closed. Please open a new ticket.');
      expect(await db.getRepository(ThreadEntry).countBy({ ticketId: ticket.id })).toBe(entries);
      expect(await db.getRepository(Ticket).findOneByOrFail({ id: ticket.id })).toMatchObject({ statusId: 4, state: 'closed' });

      // The service's answer is a 409.
      const access = { email: 'karen@example.com', userId: ticket.userId, ticketIds: [ticket.id] };
      const refusal = await t.app.get(TicketIntakeService).userReply(access, ticket.number, { message: 'Again', uploads: [] }).catch((err: unknown) => err);
      expect(refusal).toMatchObject({ code: 'invalid_transition', status: 409, message: 'This ticket is closed. Please open a new ticket.' });

      await saved({ reopenPolicy: 'reopen' });
      expect((await karen.get(`/tickets/${ticket.number}`)).text).toContain('Replying will reopen this ticket.');
    });

    it('refuses a portal ticket beyond the open tickets limit, on the email field; agents are not limited', async () => {
      await saved({ maxOpenTicketsPerUser: '2' });
      const email = 'busy@example.com';
      for (const subject of ['First', 'Second']) expect((await openOnPortal(request.agent(t.http), { email, subject })).status).toBe(303);
      const tickets = await db.getRepository(Ticket).count();
      const res = await openOnPortal(request.agent(t.http), { email: 'Busy@Example.com', subject: 'Third' });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/id="open-email-error">You already have 2 open tickets\. Please wait for them to be resolved or reply to one of them\.</);
      expect(res.text).toContain('value="Third"');
      expect(await db.getRepository(Ticket).count()).toBe(tickets);

      const byPhone = await openByPhone(email, 'Called in a third time');
      expect(byPhone.id).toBeGreaterThan(0);
      await saved({ maxOpenTicketsPerUser: '0' });
      expect((await openOnPortal(request.agent(t.http), { email, subject: 'Fourth' })).status).toBe(303);
    });

    it('lets only one of several simultaneous portal submissions through at the open tickets limit', async () => {
      await saved({ maxOpenTicketsPerUser: '1' });
      const email = 'eager@example.com';
      await t.app.get(TicketIntakeService).open({ email, name: 'Eve Eager', phone: null, topicId: 1, subject: 'Warm-up', message: 'Hello', source: 'phone', uploads: [] });
      await t.app.get(TicketActionsService).changeStatus(adminScope, (await db.getRepository(Ticket).findOneByOrFail({ subject: 'Warm-up' })).id, 4, '');
      const outcomes = await Promise.allSettled(['A', 'B', 'C'].map((subject) => t.app.get(TicketIntakeService).open({
        email, name: 'Eve Eager', phone: null, topicId: 1, subject: `At once ${subject}`, message: 'Hello', source: 'web', uploads: [],
      })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
        expect(o.reason).toMatchObject({ code: 'validation_failed', fields: { email: 'You already have 1 open ticket. Please wait for it to be resolved or reply to it.' } });
      }
      const user = await db.query('SELECT id FROM users WHERE email = ?', [email]) as { id: number | string }[];
      expect(await db.getRepository(Ticket).countBy({ userId: Number(user[0].id), state: 'open' })).toBe(1);
      await saved({ maxOpenTicketsPerUser: '0' });
    });

    it('pages the staff queues by the page size of the settings', async () => {
      for (let i = 0; i < 12; i++) await openByPhone(`queue-${i}@example.com`, `Queue filler ${i}`);
      await saved({ defaultPageSize: '10' });
      const page = await admin.get('/scp/tickets?queue=open').expect(200);
      expect(page.text.match(/<tr class="queue-row/g)).toHaveLength(10);
      expect(page.text).toMatch(/href="[^"]*before&#x3D;\d+" rel="next">Older/);
      await saved({ defaultPageSize: '25' });
      const open = await db.getRepository(Ticket).countBy({ state: 'open' });
      expect((await admin.get('/scp/tickets?queue=open')).text.match(/<tr class="queue-row/g)).toHaveLength(Math.min(open, 25));
    });

    it('writes dates in the format and time zone of the settings', async () => {
      const ticket = await latestTicket();
      const utc = isoMinuteIn(ticket.createdAt, 'UTC');
      await saved({ dateFormat: 'yyyy-MM-dd HH:mm', timezone: 'America/New_York' });
      const expected = isoMinuteIn(ticket.createdAt, 'America/New_York');
      expect(expected).not.toBe(utc);
      const page = await admin.get(`/scp/tickets/${ticket.id}`).expect(200);
      expect(page.text).toContain(`<dd><time datetime="${ticket.createdAt.toISOString()}">${expected}</time></dd>`);
      expect(page.text).not.toContain(`>${utc}<`);
      await saved({});
      const back = await admin.get(`/scp/tickets/${ticket.id}`).expect(200);
      expect(back.text).not.toContain(`>${expected}<`);
      expect(back.text).toMatch(/<time datetime="[^"]+">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}<\/time>/);
    });
  });
});
