import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { EmailTemplate, EmailTemplateOptOut } from '../../src/notifications/email-template.entity';
import { NOTICES } from '../../src/notifications/notice-catalog';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const PATH = '/scp/admin/email-templates/ticket.autoresponse';

describe(`admin: email templates (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const template = () => t.dataSource.getRepository(EmailTemplate).findOneByOrFail({ code: 'ticket.autoresponse' });
  let seq = 0;
  /** Opens a web ticket for a new address and returns the autoresponse queued to that user, if any. */
  async function autoresponseFor(topicId = 1): Promise<OutboxMail | null> {
    seq++;
    const opened = await t.app.get(TicketIntakeService).open({
      email: `user${seq}@example.com`, name: `User ${seq}`, phone: null, topicId, subject: `Question ${seq}`, message: 'Hello', source: 'web', uploads: [],
    });
    return t.dataSource.getRepository(OutboxMail).findOneBy({ ticketId: opened.id, toAddress: `user${seq}@example.com` });
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
  });
  afterAll(() => t.close());

  async function post(path: string, fields: Record<string, string | string[]>) {
    const token = await formToken(admin, PATH);
    return admin.post(path).type('form').send({ _csrf: token, ...fields });
  }

  it('lists every notice, seeded with the default wording', async () => {
    const list = await admin.get('/scp/admin/email-templates').expect(200);
    for (const notice of Object.values(NOTICES)) expect(list.text).toContain(notice.label);
    expect((await template()).subject).toBe(NOTICES['ticket.autoresponse'].subject);
    await admin.get('/scp/admin/email-templates/no.such').expect(404);
  });

  it('previews typed wording with sample data, escaped, unknown variables left visible, nothing saved', async () => {
    const res = await post(`${PATH}/preview`, { subject: 'Got it: #%{ticket.number}', text: 'Hi %{user.name} %{nope}', html: '<p>%{message}</p><script>x</script>', isActive: ['0', '1'], sendFor: ['1', '2', '3'] });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Got it: #482913');
    expect(res.text).toContain('Hi Karen Kline %{nope}');
    const shownHtml = /<h3>HTML \(as sent, after cleaning\)<\/h3>\s*<pre class="mail-body">([\s\S]*?)<\/pre>/.exec(res.text)![1];
    expect(shownHtml).toBe('&lt;p&gt;The app says &quot;error 42&quot; since this morning.&lt;br /&gt;I tried reinstalling it.&lt;/p&gt;');
    expect((await template()).subject).toBe(NOTICES['ticket.autoresponse'].subject);
  });

  it('saves the wording (audited) and the next autoresponse uses it; a department switched off gets none', async () => {
    const res = await post(PATH, { subject: 'We have your request #%{ticket.number}', text: 'Thanks %{recipient.name}.', html: '<p>Thanks %{recipient.name}.</p>', isActive: ['0', '1'], sendFor: ['1', '2'] });
    expect(res.status).toBe(303);
    const saved = await template();
    expect(saved).toMatchObject({ subject: 'We have your request #%{ticket.number}', textBody: 'Thanks %{recipient.name}.', isActive: true });
    expect(await t.dataSource.getRepository(EmailTemplateOptOut).findBy({ templateId: saved.id })).toEqual([{ templateId: saved.id, departmentId: 3 }]);
    const [audit] = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'email_template.updated' });
    expect(audit).toMatchObject({ targetLabel: 'New ticket autoresponse', after: { subject: 'We have your request #%{ticket.number}', optOutDepartmentIds: [3] } });

    const mail = await autoresponseFor();
    const ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: mail!.ticketId! });
    expect(mail).toMatchObject({ subject: `We have your request #${ticket.number}`, textBody: `Thanks User ${seq}.` });

    await t.dataSource.getRepository(EmailTemplateOptOut).delete({ templateId: saved.id });
    await t.dataSource.getRepository(EmailTemplateOptOut).insert({ templateId: saved.id, departmentId: ticket.departmentId });
    expect(await autoresponseFor()).toBeNull();
  });

  it('turns a notice off, refuses bad input with nothing written, and resets to the default', async () => {
    expect((await post(PATH, { subject: 'Off', text: 'x', html: 'x', isActive: '0', sendFor: ['1', '2', '3'] })).status).toBe(303);
    expect(await autoresponseFor()).toBeNull();

    const bad = await post(PATH, { subject: '  ', text: '', html: 'x', isActive: '1', sendFor: ['abc'] });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'template-subject')).toBe('Enter a subject (one line).');
    expect(fieldError(bad.text, 'template-text')).toBe('Write the text version.');
    expect((await template()).subject).toBe('Off');

    expect((await post(`${PATH}/reset`, {})).status).toBe(303);
    expect(await template()).toMatchObject({ subject: NOTICES['ticket.autoresponse'].subject, textBody: NOTICES['ticket.autoresponse'].text, isActive: false });
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'email_template.reset' })).toBe(1);
  });
});
