import { DataSource } from 'typeorm';
import { EmailAccount } from '../../src/email-accounts/email-account.entity';
import { EmailAccountInput, EmailAccountsService } from '../../src/email-accounts/email-accounts.service';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { loginAgent } from '../support/http';
import { SmtpSink } from '../support/smtp-sink';
import { testDbKind } from '../support/test-db';

const system = { type: 'system' as const, id: null, name: 'test', ip: null };

/** Mail from a department's email account goes through that account's own SMTP server when it has one. */
describe(`sending through the email account's SMTP server (${testDbKind})`, () => {
  let t: TestApp;
  let ds: DataSource;
  let globalSink: SmtpSink;
  let accountSink: SmtpSink;
  let account: EmailAccount;
  let departmentId: number;

  const input = (smtpHost: string | null): EmailAccountInput => ({
    address: 'billing@desk.test', name: 'Billing', departmentId, priorityId: null, helpTopicId: null,
    smtpHost, smtpPort: smtpHost ? accountSink.port : null, smtpSecurity: 'none', smtpUser: null, smtpPassword: null, clearSmtpPassword: false,
    imapHost: null, imapPort: null, imapSecurity: 'none', imapUser: null, imapPassword: null, clearImapPassword: false,
    imapFolder: 'INBOX', imapArchiveFolder: null, fetchEnabled: false, isActive: true,
  });
  const open = async (subject: string): Promise<Ticket> => {
    const opened = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject, message: 'Hello.', source: 'web', uploads: [],
    });
    return ds.getRepository(Ticket).findOneByOrFail({ id: opened.id });
  };
  const rowsOf = (ticket: Ticket) => ds.getRepository(OutboxMail).find({ where: { ticketId: ticket.id }, order: { id: 'ASC' } });

  beforeAll(async () => {
    globalSink = await SmtpSink.start();
    accountSink = await SmtpSink.start();
    t = await createTestApp({ SMTP_URL: globalSink.url, ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    ds = t.dataSource;
    // A first ticket, before any account exists, tells which department topic 1 routes to.
    departmentId = (await open('Which department?')).departmentId;
    await t.app.get(MailDeliveryService).deliverDue();
    globalSink.received.length = 0;
    globalSink.recipientAttempts = 0;
  });
  afterAll(async () => {
    await t?.close();
    await globalSink?.stop();
    await accountSink?.stop();
  });

  it("sends a department's notices through its account's server, not SMTP_URL", async () => {
    account = await t.app.get(EmailAccountsService).create(system, input('127.0.0.1'));
    const ticket = await open('Invoice is wrong');
    const rows = await rowsOf(ticket);
    expect(rows.length).toBeGreaterThan(0);

    const report = await t.app.get(MailDeliveryService).deliverDue();
    expect(report).toEqual({ sent: rows.length, retried: 0, failed: 0 });
    const arrived = await accountSink.waitFor(rows.length);
    expect(arrived.every((m) => m.envelopeFrom === 'billing@desk.test')).toBe(true);
    expect(arrived.map((m) => m.envelopeTo[0])).toContain('karen@example.com');
    expect(globalSink.received).toHaveLength(0);
    expect(globalSink.recipientAttempts).toBe(0);
    expect((await rowsOf(ticket)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('sends through SMTP_URL once the account has no SMTP host (the edit drops the cached connection)', async () => {
    accountSink.received.length = 0;
    await t.app.get(EmailAccountsService).update(system, account.id, input(null));
    const ticket = await open('Refund please');
    const rows = await rowsOf(ticket);
    expect(rows.every((r) => r.fromAddress?.includes('billing@desk.test'))).toBe(true);

    await t.app.get(MailDeliveryService).deliverDue();
    const arrived = await globalSink.waitFor(rows.length);
    expect(arrived.every((m) => m.envelopeFrom === 'billing@desk.test')).toBe(true);
    expect(accountSink.received).toHaveLength(0);
    expect((await rowsOf(ticket)).every((r) => r.status === 'sent')).toBe(true);
  });

  it("records the account server's refusal like any failure, and never falls back to SMTP_URL", async () => {
    globalSink.received.length = 0;
    globalSink.recipientAttempts = 0;
    accountSink.refuseRecipients = { code: 550, message: 'Relaying denied for billing' };
    await t.app.get(EmailAccountsService).update(system, account.id, input('127.0.0.1'));
    const ticket = await open('Card declined');
    const rows = await rowsOf(ticket);

    const report = await t.app.get(MailDeliveryService).deliverDue();
    expect(report).toEqual({ sent: 0, retried: 0, failed: rows.length });
    for (const row of await rowsOf(ticket)) {
      expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(row.lastError).toMatch(/^550 .*Relaying denied for billing/);
    }
    expect(accountSink.recipientAttempts).toBeGreaterThanOrEqual(rows.length);
    expect(globalSink.received).toHaveLength(0);
    expect(globalSink.recipientAttempts).toBe(0);

    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const log = await admin.get('/scp/admin/email-log?status=failed').expect(200);
    expect(log.text).toContain('Relaying denied for billing');
  });

  it('retries a temporary refusal with backoff', async () => {
    accountSink.refuseRecipients = { code: 451, message: 'Greylisted, try later' };
    const ticket = await open('Second card declined');
    const report = await t.app.get(MailDeliveryService).deliverDue();
    expect(report.retried).toBeGreaterThan(0);
    for (const row of await rowsOf(ticket)) {
      expect(row).toMatchObject({ status: 'queued', attempts: 1 });
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
      expect(row.lastError).toMatch(/^451 .*Greylisted, try later/);
    }
    expect(globalSink.recipientAttempts).toBe(0);
  });
});

/** The osTicket way: no SMTP_URL at all, only email accounts with their own SMTP servers. */
describe(`sending without SMTP_URL, through email accounts only (${testDbKind})`, () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  it("delivers mail from an account with a server, and leaves other mail queued without counting an attempt", async () => {
    const ds = t.dataSource;
    const opened = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'Before any account', message: 'Hello.', source: 'web', uploads: [],
    });
    // No server at all yet: nothing is touched.
    expect(await t.app.get(MailDeliveryService).deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const waiting = await ds.getRepository(OutboxMail).find({ where: { ticketId: opened.id } });
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((r) => r.status === 'queued' && r.attempts === 0)).toBe(true);

    const departmentId = (await ds.getRepository(Ticket).findOneByOrFail({ id: opened.id })).departmentId;
    await t.app.get(EmailAccountsService).create(system, {
      address: 'help@desk.test', name: 'Help', departmentId, priorityId: null, helpTopicId: null,
      smtpHost: '127.0.0.1', smtpPort: sink.port, smtpSecurity: 'none', smtpUser: null, smtpPassword: null, clearSmtpPassword: false,
      imapHost: null, imapPort: null, imapSecurity: 'none', imapUser: null, imapPassword: null, clearImapPassword: false,
      imapFolder: 'INBOX', imapArchiveFolder: null, fetchEnabled: false, isActive: true,
    });
    const ticket = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'With an account', message: 'Hello.', source: 'web', uploads: [],
    });
    const rows = await ds.getRepository(OutboxMail).find({ where: { ticketId: ticket.id } });
    const report = await t.app.get(MailDeliveryService).deliverDue();
    expect(report).toEqual({ sent: rows.length, retried: 0, failed: 0 });
    const arrived = await sink.waitFor(rows.length);
    expect(arrived.every((m) => m.envelopeFrom === 'help@desk.test')).toBe(true);
    // Mail from the default sender (queued before the account existed) has no server: it waits, unclaimed.
    for (const row of await ds.getRepository(OutboxMail).find({ where: { ticketId: opened.id } })) {
      expect(row).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
      expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    }
  });
});
