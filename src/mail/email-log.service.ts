import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { MailOutboxService } from './mail-outbox.service';
import { OutboxMail, OutboxStatus } from './outbox-mail.entity';

export const EMAIL_LOG_PAGE_SIZE = 50;
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed'];

export interface EmailLogFilter {
  status: OutboxStatus | null;
  /** An exact address (compared lower-case). */
  recipient: string | null;
  /** Keyset cursor: rows with a smaller id (older). */
  before: number | null;
}

export interface EmailLogPage {
  rows: OutboxMail[];
  /** The cursor for the next (older) page, or null at the end. */
  nextBefore: number | null;
}

/**
 * The email log: what was queued and sent, and why a message failed (the server's reason). Pages are
 * newest first by keyset on id, through mail_outbox_status_id_idx / mail_outbox_to_id_idx.
 */
@Injectable()
export class EmailLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async page(filter: EmailLogFilter): Promise<EmailLogPage> {
    const rows = await this.db.getRepository(OutboxMail).find({
      select: { id: true, toAddress: true, subject: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true, ticketId: true },
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.recipient ? { toAddress: filter.recipient.toLowerCase() } : {}),
        ...(filter.before ? { id: LessThan(filter.before) } : {}),
      },
      order: { id: 'DESC' },
      take: EMAIL_LOG_PAGE_SIZE + 1,
    });
    const more = rows.length > EMAIL_LOG_PAGE_SIZE;
    const shown = rows.slice(0, EMAIL_LOG_PAGE_SIZE);
    return { rows: shown, nextBefore: more ? shown[shown.length - 1].id : null };
  }

  async get(id: number): Promise<OutboxMail> {
    const mail = await this.db.getRepository(OutboxMail).findOneBy({ id });
    if (!mail) throw notFound('message');
    return mail;
  }

  /**
   * Queues a copy of a message as a new outbox row (its own Message-ID), audited. CASE: a message that
   * held a one-time link has had its body blanked: it cannot be resent (the sender asks again).
   */
  async resend(actor: AuditActor, id: number): Promise<OutboxMail> {
    const copy = await this.db.transaction(async (manager) => {
      const original = await manager.findOneBy(OutboxMail, { id });
      if (!original) throw notFound('message');
      if (original.sensitive) throw new DomainError('conflict', 'This message held a one-time link and cannot be sent again: ask for a new one.');
      const queued = await this.outbox.enqueue(manager, {
        to: original.toAddress, from: original.fromAddress, ticketId: original.ticketId, subject: original.subject,
        text: original.textBody, html: original.htmlBody, headers: original.headers ?? {},
      });
      await this.audit.record(actor, { action: 'email.resent', target: { type: 'mail', id: original.id, label: original.toAddress }, after: { copyId: queued.id } }, manager);
      return queued;
    });
    this.outbox.kick();
    return copy;
  }

  /** Puts a failed message back in the queue, due now, with its attempts reset; audited. */
  async retry(actor: AuditActor, id: number): Promise<OutboxMail> {
    const mail = await this.db.transaction(async (manager) => {
      const current = await manager.findOneBy(OutboxMail, { id });
      if (!current) throw notFound('message');
      if (current.status !== 'failed') throw new DomainError('conflict', 'Only a failed message can be retried.');
      if (current.sensitive) throw new DomainError('conflict', 'This message held a one-time link and cannot be sent again: ask for a new one.');
      const now = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000);
      await manager.update(OutboxMail, { id, status: 'failed' }, { status: 'queued', attempts: 0, nextAttemptAt: now });
      await this.audit.record(actor, { action: 'email.retried', target: { type: 'mail', id, label: current.toAddress } }, manager);
      return current;
    });
    this.outbox.kick();
    return mail;
  }
}
