import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runExclusive, serializeSqlite } from '../../src/database/sqlite-serializer';
import { LEASE_MS, MAX_ATTEMPTS } from '../../src/mail/delivery-policy';
import { MailDeliveryService } from '../../src/mail/mail-delivery.service';
import { MailOutboxService, NewMail } from '../../src/mail/mail-outbox.service';
import { MailTransport } from '../../src/mail/mail-transport';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { SmtpSink } from '../support/smtp-sink';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

class FakeClock extends Clock {
  constructor(private time: Date) {
    super();
  }

  now(): Date {
    return new Date(this.time);
  }

  advance(minutes: number): void {
    this.time = new Date(this.time.getTime() + minutes * 60_000);
  }
}

const MINUTE = 60_000;

describe(`mail outbox (${testDbKind})`, () => {
  let ds: DataSource;
  let sink: SmtpSink;
  let config: AppConfig;
  let clock: FakeClock;
  const transports: MailTransport[] = [];

  /** A sender as the app builds one (one per app instance). */
  const sender = (cfg = config) => {
    const transport = new MailTransport(cfg);
    transports.push(transport);
    const delivery = new MailDeliveryService(ds.getRepository(OutboxMail), transport, clock, cfg);
    return { delivery, outbox: new MailOutboxService(delivery, clock, cfg) };
  };
  const row = (id: number) => ds.getRepository(OutboxMail).findOneByOrFail({ id });
  const mail = (n: number, more: Partial<NewMail> = {}): NewMail => ({ to: `agent${n}@example.com`, subject: `Message ${n}`, text: `Body ${n}\n`, ...more });
  const enqueue = (outbox: MailOutboxService, m: NewMail) => ds.transaction((manager) => outbox.enqueue(manager, m));

  beforeAll(async () => {
    Logger.overrideLogger(false); // the retry warnings are expected here
    sink = await SmtpSink.start();
    const databaseUrl = await freshDatabaseUrl();
    config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SMTP_URL: sink.url, PUBLIC_URL: 'https://help.example.com/desk', HELPDESK_NAME: 'Acme Help' });
    ds = new DataSource(dataSourceOptions(config));
    await ds.initialize();
    serializeSqlite(ds);
    await runExclusive(ds, () => ds.runMigrations({ transaction: 'each' }));
  });
  afterAll(async () => {
    for (const t of transports) t.onApplicationShutdown();
    await sink?.stop();
    await ds?.destroy();
  });
  beforeEach(async () => {
    clock = new FakeClock(new Date('2025-03-01T10:00:00.000Z'));
    sink.received.length = 0;
    sink.recipientAttempts = 0;
    sink.refuseRecipients = null;
    await ds.getRepository(OutboxMail).clear();
  });

  it('delivers a committed message over SMTP and marks it sent', async () => {
    const { outbox, delivery } = sender();
    const queued = await enqueue(outbox, mail(1, { headers: { 'Auto-Submitted': 'auto-generated' } }));
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, sentAt: null });
    expect(queued.messageId).toMatch(/^<[0-9a-f]{32}@help\.example\.com>$/);

    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const [arrived] = await sink.waitFor(1);
    expect(arrived.envelopeTo).toEqual(['agent1@example.com']);
    expect(arrived.envelopeFrom).toBe('helpdesk@localhost');
    expect(arrived.headers.from).toBe('Acme Help <helpdesk@localhost>');
    expect(arrived.headers.to).toBe('agent1@example.com');
    expect(arrived.subject).toBe('Message 1');
    expect(arrived.headers['message-id']).toBe(queued.messageId);
    expect(arrived.headers['auto-submitted']).toBe('auto-generated');
    expect(arrived.text).toBe('Body 1\n');
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null, sentAt: clock.now(), textBody: 'Body 1\n' });

    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it('leaves no message behind when the transaction that queued it rolls back', async () => {
    const { outbox, delivery } = sender();
    await expect(ds.transaction(async (manager) => {
      await outbox.enqueue(manager, mail(2));
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await ds.getRepository(OutboxMail).count()).toBe(0);
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sink.recipientAttempts).toBe(0);
  });

  it('retries a temporary refusal after 1, 5, 25, 125 and 625 minutes, then fails with the server\'s reason', async () => {
    const { outbox, delivery } = sender();
    sink.refuseRecipients = { code: 451, message: 'Mailbox busy, try later' };
    const queued = await enqueue(outbox, mail(3));

    const delays = [1, 5, 25, 125, 625];
    for (const [i, minutes] of delays.entries()) {
      expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const after = await row(queued.id);
      expect(after).toMatchObject({ status: 'queued', attempts: i + 1, sentAt: null });
      expect(after.lastError).toMatch(/^451 .*Mailbox busy, try later/);
      expect(after.nextAttemptAt.getTime() - clock.now().getTime()).toBe(minutes * MINUTE);
      // Not due yet: nothing is tried a minute early.
      clock.advance(minutes - 0.5);
      expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
      clock.advance(0.5);
    }
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = await row(queued.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, sentAt: null });
    expect(failed.lastError).toMatch(/^451 .*Mailbox busy, try later/);
    expect(sink.recipientAttempts).toBe(MAX_ATTEMPTS);
    expect(sink.received).toHaveLength(0);

    clock.advance(10_000);
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sink.recipientAttempts).toBe(MAX_ATTEMPTS);
  });

  it('fails at once when the server refuses the recipient for good (5xx)', async () => {
    const { outbox, delivery } = sender();
    sink.refuseRecipients = { code: 550, message: 'No such user here' };
    const queued = await enqueue(outbox, mail(4));
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await row(queued.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^550 .*No such user here/) });
  });

  it('delivers a message that a temporary refusal delayed once the server accepts it again', async () => {
    const { outbox, delivery } = sender();
    sink.refuseRecipients = { code: 451, message: 'Greylisted' };
    const queued = await enqueue(outbox, mail(5));
    await delivery.deliverDue();
    sink.refuseRecipients = null;
    clock.advance(1);
    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect((await sink.waitFor(1))[0].subject).toBe('Message 5');
  });

  it('never sends a message twice when two instances deliver at the same time', async () => {
    const first = sender();
    const second = sender();
    for (let n = 10; n < 16; n++) await enqueue(first.outbox, mail(n));
    const [a, b] = await Promise.all([first.delivery.deliverDue(), second.delivery.deliverDue()]);
    expect(a.sent + b.sent).toBe(6);
    const arrived = await sink.waitFor(6);
    expect(arrived.map((m) => m.subject).sort()).toEqual(['Message 10', 'Message 11', 'Message 12', 'Message 13', 'Message 14', 'Message 15']);
    expect(sink.recipientAttempts).toBe(6);
    expect(await ds.getRepository(OutboxMail).countBy({ status: 'sent' })).toBe(6);
  });

  it('leaves a message another sender holds alone until its lease runs out, then takes it over', async () => {
    const { outbox, delivery } = sender();
    const queued = await enqueue(outbox, mail(6));
    // Another instance claimed it a moment ago and died mid-send.
    await ds.getRepository(OutboxMail).update({ id: queued.id }, { status: 'sending', attempts: 1, nextAttemptAt: new Date(clock.now().getTime() + LEASE_MS) });
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(LEASE_MS / MINUTE);
    expect(await delivery.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('blanks the body of a message holding a one-time secret once it is sent', async () => {
    const { outbox, delivery } = sender();
    const queued = await enqueue(outbox, mail(7, { text: 'Your link: https://help.example.com/desk/scp/password-reset/secret\n', sensitive: true }));
    await delivery.deliverDue();
    expect((await sink.waitFor(1))[0].text).toContain('/scp/password-reset/secret');
    const sent = await row(queued.id);
    expect(sent.status).toBe('sent');
    expect(sent.textBody).not.toContain('secret');
  });

  it('keeps mail queued, without trying, when no SMTP server is configured', async () => {
    const { outbox, delivery } = sender(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:' }));
    const queued = await enqueue(outbox, mail(8));
    expect(await delivery.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await row(queued.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(sink.recipientAttempts).toBe(0);
  });

  it('kick() delivers soon after the commit, without being awaited', async () => {
    const { outbox, delivery } = sender();
    const queued = await enqueue(outbox, mail(9));
    outbox.kick();
    const [arrived] = await sink.waitFor(1);
    expect(arrived.subject).toBe('Message 9');
    await delivery.deliverDue(); // joins the kicked run if it is still marking the row
    expect((await row(queued.id)).status).toBe('sent');
    expect(sink.recipientAttempts).toBe(1);
  });
});
