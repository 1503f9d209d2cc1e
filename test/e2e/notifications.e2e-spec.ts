import request from 'supertest';
import { DataSource } from 'typeorm';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { ReplyTokensService } from '../../src/mail/reply-tokens.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { AccessLinksService } from '../../src/portal-access/access-links.service';
import { SatisfactionRating } from '../../src/satisfaction/satisfaction.entities';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom } from '../support/http';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';

const TOKEN_REPLY_TO = /^helpdesk\+([0-9a-f]{40})@localhost$/;
const ACCESS_LINK = /https:\/\/help\.example\.com\/tickets\/access\/([A-Za-z0-9_-]+)/;

describe(`ticket notifications by mail (${testDbKind})`, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let ds: DataSource;
  let john: Staff;
  let jane: Staff;
  let johnScope: AgentScope;
  let adminScope: AgentScope;
  let ticket: Ticket;
  let karen: User;

  /** Delivers the outbox and returns what arrived since the last call. */
  async function deliver(): Promise<ReceivedMail[]> {
    await t.app.get(MailDeliveryService).deliverDue();
    return sink.takeNew();
  }
  /** The raw message with quoted-printable undone (both parts of a text + HTML mail). */
const decoded = (mail: ReceivedMail) =>
  Buffer.from(mail.raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
const to = (mails: ReceivedMail[], address: string) => mails.filter((m) => m.envelopeTo.includes(address));

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp({
      SMTP_URL: sink.url, PUBLIC_URL: 'https://help.example.com', HELPDESK_NAME: 'Acme Help',
      ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123',
    });
    ds = t.dataSource;
    const staff = t.app.get(StaffService);
    john = await staff.create({ username: 'john', email: 'john@example.com', firstName: 'John', lastName: 'Doe', password: 'john-pass-123', departmentId: 1, roleId: 1 });
    jane = await staff.create({ username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Roe', password: 'jane-pass-123', departmentId: 1, roleId: 1 });
    johnScope = (await staff.scope(john.id))!;
    const adminRow = await ds.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    adminScope = (await staff.scope(adminRow.id))!;
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  it('answers a new ticket with a threaded, tagged autoresponse and alerts the department', async () => {
    const opened = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'The app says <error 42>.', source: 'web', uploads: [],
    });
    ticket = await ds.getRepository(Ticket).findOneOrFail({ where: { id: opened.id }, relations: { department: true } });
    karen = await ds.getRepository(User).findOneByOrFail({ email: 'karen@example.com' });
    const arrived = await deliver();

    const [auto] = to(arrived, 'karen@example.com');
    expect(auto.subject).toBe(`[#${ticket.number}] Mobile banking is down`);
    expect(auto.headers['auto-submitted']).toBe('auto-replied');
    expect(auto.headers['x-relaydesk-loop']).toBe('help.example.com');
    expect(auto.headers['thread-index']).toBeDefined();
    expect(Buffer.from(auto.headers['thread-index'], 'base64')).toHaveLength(22);
    expect(auto.headers['in-reply-to']).toBeUndefined();
    const token = TOKEN_REPLY_TO.exec(auto.headers['reply-to'])![1];
    expect(await t.app.get(ReplyTokensService).resolve(token)).toMatchObject({ ticketId: ticket.id, userId: karen.id, staffId: null });
    expect(decoded(auto)).toContain('Dear Karen Kline');
    const link = ACCESS_LINK.exec(decoded(auto))![1];
    expect(await t.app.get(AccessLinksService).check(link)).toMatchObject({ status: 'ok', link: { ticketId: ticket.id, userId: karen.id } });

    const row = await ds.getRepository(OutboxMail).findOneByOrFail({ messageId: auto.headers['message-id'] });
    expect(row.ticketId).toBe(ticket.id);

    // The department's agents (the admin is in it too), each with a token of their own.
    const alerts = arrived.filter((m) => m.subject === `New ticket #${ticket.number}: Mobile banking is down`);
    expect(alerts.flatMap((m) => m.envelopeTo).sort()).toEqual(['admin@example.com', 'jane@example.com', 'john@example.com']);
    expect(alerts[0].headers['auto-submitted']).toBe('auto-replied');
    expect(decoded(alerts[0])).toContain(`https://help.example.com/scp/tickets/${ticket.id}`);
    const johnsAlert = to(alerts, 'john@example.com')[0];
    const staffToken = TOKEN_REPLY_TO.exec(johnsAlert.headers['reply-to'])![1];
    expect(await t.app.get(ReplyTokensService).resolve(staffToken)).toMatchObject({ ticketId: ticket.id, staffId: john.id, userId: null });
    expect(arrived).toHaveLength(4);
  });

  it('mails an agent reply to the user and the collaborators, threaded under the first mail, not to the agent', async () => {
    const cc = await t.app.get(UsersService).findOrCreate({ email: 'boss@example.com', name: 'Boss', phone: null });
    await ds.getRepository(TicketCollaborator).insert({ ticketId: ticket.id, userId: cc.id, addedAt: new Date() });
    const first = await ds.getRepository(OutboxMail).findOneOrFail({ where: { ticketId: ticket.id }, order: { id: 'ASC' } });

    await t.app.get(TicketActionsService).reply(johnScope, ticket.id, { message: 'Please update the app <v2>.', statusId: null, uploads: [] });
    const arrived = await deliver();
    expect(arrived.flatMap((m) => m.envelopeTo).sort()).toEqual(['boss@example.com', 'karen@example.com']);
    const reply = to(arrived, 'karen@example.com')[0];
    expect(reply.subject).toBe(`Re: [#${ticket.number}] Mobile banking is down`);
    expect(reply.headers['auto-submitted']).toBeUndefined();
    expect(reply.headers['in-reply-to']).toBe(first.messageId);
    expect(reply.headers.references).toBe(first.messageId);
    expect(Buffer.from(reply.headers['thread-index'], 'base64').length).toBeGreaterThanOrEqual(22 + 5 * 4);
    expect(decoded(reply)).toContain('Please update the app <v2>.');
    expect(decoded(reply)).toContain('Please update the app &lt;v2&gt;.');
    const bossToken = TOKEN_REPLY_TO.exec(to(arrived, 'boss@example.com')[0].headers['reply-to'])![1];
    expect(await t.app.get(ReplyTokensService).resolve(bossToken)).toMatchObject({ ticketId: ticket.id, userId: cc.id });
  });

  it('alerts the other agents of a note, the assignee of an assignment, never the agent who acted', async () => {
    await t.app.get(TicketActionsService).note(johnScope, ticket.id, { message: 'Known outage.', title: 'Outage', statusId: null, uploads: [] });
    let arrived = await deliver();
    expect(arrived.flatMap((m) => m.envelopeTo).sort()).toEqual(['admin@example.com', 'jane@example.com']);
    expect(arrived[0].subject).toBe(`Internal note on #${ticket.number}: Outage`);
    expect(decoded(arrived[0])).toContain('Known outage.');

    await t.app.get(TicketActionsService).assign(adminScope, ticket.id, jane.id, '');
    arrived = await deliver();
    expect(arrived.flatMap((m) => m.envelopeTo)).toEqual(['jane@example.com']);
    expect(arrived[0].subject).toBe(`Ticket #${ticket.number} assigned to you: Mobile banking is down`);

    // Assigned now: the user's new message alerts the assignee only, and the user gets an autoresponse.
    await t.app.get(TicketIntakeService).userReply({ email: karen.email, userId: karen.id, ticketIds: [ticket.id] }, ticket.number, { message: 'Still down.', uploads: [] });
    arrived = await deliver();
    expect(arrived.flatMap((m) => m.envelopeTo).sort()).toEqual(['jane@example.com', 'karen@example.com']);
    expect(decoded(to(arrived, 'karen@example.com')[0])).toContain(`Your message was added to ticket #${ticket.number}`);
    expect(decoded(to(arrived, 'jane@example.com')[0])).toContain('Still down.');
  });

  it('sends the resolved notice with a link to rate from, and an access link on request (blanked once sent)', async () => {
    await t.app.get(TicketActionsService).changeStatus(johnScope, ticket.id, 4, '');
    let arrived = await deliver();
    const notice = to(arrived, 'karen@example.com');
    expect(notice).toHaveLength(1);
    expect(notice[0].subject).toBe(`[#${ticket.number}] Resolved: Mobile banking is down`);
    expect(ACCESS_LINK.test(decoded(notice[0]))).toBe(true);

    // The user rates from the mail: its link opens the ticket, whose page offers the rating once.
    const browser = request.agent(t.http);
    const opened = await browser.get(`/tickets/access/${ACCESS_LINK.exec(decoded(notice[0]))![1]}`);
    const page = opened.status === 200 ? opened : await browser.get(opened.headers.location).expect(200);
    expect(page.text).toContain(`/tickets/${ticket.number}/rating`);
    await browser.post(`/tickets/${ticket.number}/rating`).type('form').send({ _csrf: csrfFrom(page.text), rating: 'good', comment: 'Fast' }).expect(303);
    expect(await ds.getRepository(SatisfactionRating).findBy({ ticketId: ticket.id })).toEqual([expect.objectContaining({ rating: 'good', comment: 'Fast' })]);

    await ds.transaction((manager) => t.app.get(NotificationsService).sendAccessLink(manager, ticket, karen));
    arrived = await deliver();
    expect(arrived).toHaveLength(1);
    expect(arrived[0].subject).toBe(`Your link to ticket #${ticket.number}`);
    const link = ACCESS_LINK.exec(decoded(arrived[0]))![1];
    expect((await t.app.get(AccessLinksService).check(link)).status).toBe('ok');
    const row = await ds.getRepository(OutboxMail).findOneByOrFail({ messageId: arrived[0].headers['message-id'] });
    expect(row).toMatchObject({ sensitive: true, status: 'sent', htmlBody: null });
    expect(row.textBody).not.toContain(link);
  });
});
