import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableDatetime, nullableFk } from '../database/columns';
import type { ThreadEntry } from '../threads/thread-entry.entity';
import type { Ticket } from '../tickets/ticket.entity';

export const INBOUND_SOURCES = ['pipe', 'imap'] as const;
export type InboundSource = (typeof INBOUND_SOURCES)[number];

/**
 * received: stored, not yet processed (a crash between the two leaves it here for a retry);
 * created/appended: it opened or joined a ticket; bounce_recorded: a delivery report noted on a ticket;
 * ignored: nothing to do (our own mail, a bounce we cannot place); quarantined: waits for an admin;
 * discarded: an admin threw it away from the quarantine.
 */
export type InboundStatus = 'received' | 'created' | 'appended' | 'bounce_recorded' | 'ignored' | 'quarantined' | 'discarded';

/**
 * One inbound mail as it arrived (SECURITY 6): the raw bytes live in a file under DATA_DIR/inbound-mail
 * (`storedName`), written and synced before this row; the row says what became of it and why.
 */
@Entity('inbound_mails')
@Index('inbound_mails_dedupe_uq', ['dedupeKey'], { unique: true })
@Index('inbound_mails_message_id_idx', ['messageId'])
@Index('inbound_mails_status_idx', ['status', 'id'])
@Index('inbound_mails_ticket_idx', ['ticketId'])
@Index('inbound_mails_entry_idx', ['threadEntryId'])
@Index('inbound_mails_sender_idx', ['fromAddress', 'createdAt'])
export class InboundMail {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 8 })
  source: InboundSource;

  /**
   * The mailbox it was fetched from; null for the pipe. No foreign key: the raw mail is kept as a record
   * even after the mailbox is removed.
   */
  @Column(nullableFk)
  emailAccountId: number | null;

  /** Where the fetcher found it (an IMAP UID), for its logs. */
  @Column({ type: 'varchar', length: 191, nullable: true })
  remoteRef: string | null;

  /** `<id@host>`, angle brackets included; null when the mail had none. */
  @Column({ type: 'varchar', length: 191, nullable: true })
  messageId: string | null;

  /** SHA-256 of the message without its trace headers (the same mail delivered by two routes hashes the same). */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /** SHA-256 of mailbox + Message-ID + content hash: a second delivery of the same mail is refused by this index. */
  @Column({ type: 'varchar', length: 64 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 191, nullable: true })
  fromAddress: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  status: InboundStatus;

  /** Why: the threading match ("In-Reply-To <...>") or the quarantine/ignore reason. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Whether it was allowed to trigger an automatic reply (RFC 3834 and the per-sender cap). */
  @Column({ type: 'boolean', default: false })
  autoRespond: boolean;

  @Column(nullableFk)
  ticketId: number | null;

  @ManyToOne('Ticket', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'inbound_mails_ticket_id_fk' })
  ticket: Relation<Ticket> | null;

  /** The thread entry it became, whose header shows the match reason to agents. */
  @Column(nullableFk)
  threadEntryId: number | null;

  @ManyToOne('ThreadEntry', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'thread_entry_id', foreignKeyConstraintName: 'inbound_mails_thread_entry_id_fk' })
  threadEntry: Relation<ThreadEntry> | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(nullableDatetime)
  processedAt: Date | null;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const INBOUND_MAIL_ENTITIES = [InboundMail];
