import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { MailDeliveryService } from './mail-delivery.service';
import { OutboxMail } from './outbox-mail.entity';

export interface NewMail {
  to: string;
  /** The From header; absent: MAIL_FROM. */
  from?: string | null;
  /** The ticket the mail is about: replies quoting its Message-ID thread back to it. */
  ticketId?: number | null;
  subject: string;
  text: string;
  html?: string | null;
  /** Extra headers, e.g. { 'Auto-Submitted': 'auto-generated' }. */
  headers?: Record<string, string>;
  /** The body holds a one-time secret: blank it once the message is sent or given up. */
  sensitive?: boolean;
}

const oneLine = (value: string, max: number) => value.replace(/[\r\n]+/g, ' ').trim().slice(0, max);

/**
 * The way to send mail (SECURITY 7): `enqueue` writes the message in the caller's transaction, so it
 * exists exactly when the change that caused it commits; `kick` after the commit delivers it soon.
 *
 *   await this.db.transaction(async (manager) => { ...change...; await this.mail.enqueue(manager, { to, subject, text }); });
 *   this.mail.kick();
 */
@Injectable()
export class MailOutboxService {
  private readonly messageIdHost: string;

  constructor(
    private readonly delivery: MailDeliveryService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.messageIdHost = new URL(config.publicUrl).hostname || 'localhost';
  }

  /** The host in our Message-IDs (PUBLIC_URL's): replies that quote one are ours. */
  get host(): string {
    return this.messageIdHost;
  }

  async enqueue(manager: EntityManager, mail: NewMail): Promise<OutboxMail> {
    const now = this.clock.now();
    const headers = Object.fromEntries(Object.entries(mail.headers ?? {}).map(([name, value]) => [oneLine(name, 76), oneLine(value, 998)]));
    const repo = manager.getRepository(OutboxMail);
    return repo.save(repo.create({
      toAddress: oneLine(mail.to, 255),
      fromAddress: mail.from ? oneLine(mail.from, 255) : null,
      ticketId: mail.ticketId ?? null,
      subject: oneLine(mail.subject, 998),
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      messageId: `<${randomBytes(16).toString('hex')}@${this.messageIdHost}>`,
      headers: Object.keys(headers).length > 0 ? headers : null,
      sensitive: mail.sensitive ?? false,
      status: 'queued',
      attempts: 0,
      lastError: null,
      // CASE: MySQL DATETIME keeps whole seconds and may round up; a whole second is due at once everywhere.
      nextAttemptAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
      createdAt: now,
      sentAt: null,
    }));
  }

  /** Delivers due mail soon, without waiting. Call it after the transaction that enqueued mail commits. */
  kick(): void {
    this.delivery.kick();
  }
}
