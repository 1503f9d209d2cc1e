import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE, nullableDatetime, nullableFk } from '../database/columns';

/** `sending` is a claimed row: its next_attempt_at is the end of the sender's lease. */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

/**
 * One outgoing message (SECURITY 7): written in the transaction of the change that causes it, delivered
 * after the commit by MailDeliveryService, retried with backoff, never sent twice by two instances.
 */
@Entity('mail_outbox')
@Index('mail_outbox_message_id_uq', ['messageId'], { unique: true })
@Index('mail_outbox_due_idx', ['status', 'nextAttemptAt'])
@Index('mail_outbox_ticket_idx', ['ticketId'])
@Index('mail_outbox_status_id_idx', ['status', 'id'])
@Index('mail_outbox_to_id_idx', ['toAddress', 'id'])
export class OutboxMail {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  toAddress: string;

  /** The ticket this mail is about, if any: a reply quoting its Message-ID threads back to it. */
  @Column(nullableFk)
  ticketId: number | null;

  /** The From address (a department's mailbox, name included); null: MAIL_FROM. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  fromAddress: string | null;

  @Column({ type: 'varchar', length: 998 })
  subject: string;

  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text', nullable: true })
  htmlBody: string | null;

  /** `<random@host of PUBLIC_URL>`, angle brackets included; replies and bounces refer to it. */
  @Column({ type: 'varchar', length: 191 })
  messageId: string;

  /** Extra headers (Auto-Submitted, In-Reply-To...), name -> value. */
  @Column({ type: 'simple-json', nullable: true })
  headers: Record<string, string> | null;

  /** The body holds a one-time secret (a reset link): it is blanked once the message is sent or given up. */
  @Column({ type: 'boolean', default: false })
  sensitive: boolean;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The server's (or the network's) reason for the last failed attempt. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column(datetimeColumn)
  nextAttemptAt: Date;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(nullableDatetime)
  sentAt: Date | null;
}
