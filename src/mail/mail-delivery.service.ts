import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { afterFailure, failureReason, isPermanentFailure, LEASE_MS } from './delivery-policy';
import { MailTransport } from './mail-transport';
import { OutboxMail } from './outbox-mail.entity';

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

const TIMER_MS = 30_000;
const BATCH_SIZE = 20;
/** A run stops after this many batches; the next kick or tick picks up the rest. */
const MAX_BATCHES = 25;
/** On every mail we send: an inbound mail carrying it came from us (a loop), whatever else it claims. */
export const LOOP_HEADER = 'X-RelayDesk-Loop';
/** How long a message no server can send waits before it is looked at again (no attempt is counted). */
const PARK_MS = 10 * 60_000;
const REMOVED_BODY = '(Removed after delivery: this message held a one-time link.)';

/**
 * Sends the outbox after commit (SECURITY 7, ARCHITECTURE 10). Each message is claimed with a
 * conditional UPDATE that only one instance can win, then sent, then marked sent or scheduled again with
 * backoff. Runs when kicked (right after a commit that queued mail) and every 30 seconds; in tests only
 * when kicked or called.
 */
@Injectable()
export class MailDeliveryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeliveryReport> | null = null;
  private again = false;
  private stopped = false;
  private readonly loopHost: string;

  constructor(
    @InjectRepository(OutboxMail) private readonly outbox: Repository<OutboxMail>,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.loopHost = new URL(config.publicUrl).hostname || 'localhost';
  }

  onModuleInit(): void {
    if (!this.transport.enabled) {
      this.logger.warn('SMTP_URL is not set: only mail from email accounts with their own SMTP server is delivered; the rest stays queued');
    }
    if (this.config.env === 'test') return;
    this.timer = setInterval(() => this.kick(), TIMER_MS);
    this.timer.unref();
  }

  /** Stops the timer and lets a run in progress finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Delivers what is due soon, without waiting: call it after the transaction that queued mail commits. */
  kick(): void {
    if (this.stopped) return;
    setImmediate(() => {
      if (this.stopped) return;
      this.deliverDue().catch((err: Error) => this.logger.error(`mail delivery run failed: ${err.message}`));
    });
  }

  /**
   * Sends every due message (queued, or claimed by a sender whose lease ran out). A call during a run
   * joins it, and the run looks again for mail queued meanwhile.
   */
  deliverDue(): Promise<DeliveryReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.run().finally(() => (this.running = null));
    this.running = run;
    return run;
  }

  private async run(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    if (!(await this.transport.anyServer())) return report;
    do {
      this.again = false;
      for (let batch = 0; batch < MAX_BATCHES && !this.stopped; batch++) {
        const due = await this.dueIds();
        for (const id of due) await this.deliverOne(id, report);
        if (due.length < BATCH_SIZE) break;
      }
    } while (this.again && !this.stopped);
    return report;
  }

  private async dueIds(): Promise<number[]> {
    const now = this.clock.now();
    const rows = await this.outbox.find({
      select: { id: true },
      where: [{ status: 'queued', nextAttemptAt: LessThanOrEqual(now) }, { status: 'sending', nextAttemptAt: LessThanOrEqual(now) }],
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: BATCH_SIZE,
    });
    return rows.map((r) => r.id);
  }

  private async deliverOne(id: number, report: DeliveryReport): Promise<void> {
    const now = this.clock.now();
    if (!this.transport.enabled) {
      // Without SMTP_URL only some senders have a server: the others wait, unclaimed and uncounted.
      const row = await this.outbox.findOne({ select: { id: true, fromAddress: true }, where: { id } });
      if (!row || !(await this.transport.canSend(row.fromAddress ?? this.config.mail.from))) {
        await this.outbox.update({ id, status: 'queued', nextAttemptAt: LessThanOrEqual(now) }, { nextAttemptAt: new Date(now.getTime() + PARK_MS) });
        return;
      }
    }
    // The claim: only one sender's UPDATE matches, as it moves next_attempt_at past `now`.
    const claim = await this.outbox.update(
      { id, status: In(['queued', 'sending']), nextAttemptAt: LessThanOrEqual(now) },
      { status: 'sending', nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: () => 'attempts + 1' },
    );
    if (claim.affected !== 1) return;
    const mail = await this.outbox.findOneByOrFail({ id });
    try {
      await this.transport.send({
        from: mail.fromAddress ?? this.config.mail.from, to: mail.toAddress, subject: mail.subject, text: mail.textBody, html: mail.htmlBody,
        messageId: mail.messageId, date: mail.createdAt, headers: { ...mail.headers, [LOOP_HEADER]: this.loopHost },
      });
    } catch (err) {
      const next = afterFailure(mail.attempts, isPermanentFailure(err), this.clock.now());
      const reason = failureReason(err);
      await this.outbox.update({ id, status: 'sending' }, {
        lastError: reason,
        ...(next.status === 'queued' ? { status: 'queued', nextAttemptAt: next.nextAttemptAt } : { status: 'failed', ...this.scrubbed(mail) }),
      });
      if (next.status === 'queued') report.retried++;
      else report.failed++;
      this.logger.warn(`mail ${id} to ${mail.toAddress}: attempt ${mail.attempts} failed (${reason})${next.status === 'failed' ? '; giving up' : ''}`);
      return;
    }
    await this.outbox.update({ id, status: 'sending' }, { status: 'sent', sentAt: this.clock.now(), lastError: null, ...this.scrubbed(mail) });
    report.sent++;
  }

  private scrubbed(mail: OutboxMail): Partial<OutboxMail> {
    return mail.sensitive ? { textBody: REMOVED_BODY, htmlBody: null } : {};
  }
}
