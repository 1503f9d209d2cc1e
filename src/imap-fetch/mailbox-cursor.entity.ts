import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ID_TYPE, nullableDatetime } from '../database/columns';
import type { EmailAccount } from '../email-accounts/email-account.entity';

/** IMAP UIDs and UIDVALIDITY are 32-bit unsigned: past a signed INT's range, so BIGINT, read back as numbers. */
const uint32 = { to: (v: number | null) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) };

/**
 * Where fetching a mailbox got to (one row per email account): the folder's UIDVALIDITY when it was last
 * read and the UID below which every message has been handed to intake, so a pass asks only for newer mail.
 * A UIDVALIDITY that differs means the server renumbered the folder: the cursor starts over.
 */
@Entity('mailbox_cursors')
export class MailboxCursor {
  @PrimaryColumn({ type: ID_TYPE })
  emailAccountId: number;

  @OneToOne('EmailAccount', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'email_account_id', foreignKeyConstraintName: 'mailbox_cursors_email_account_id_fk' })
  emailAccount: Relation<EmailAccount>;

  /** null until the first successful look at the folder. */
  @Column({ type: 'bigint', nullable: true, transformer: uint32 })
  uidvalidity: number | null;

  /** Every message with a UID up to this one has been handed over (0: none yet). */
  @Column({ type: 'bigint', default: 0, transformer: uint32 })
  lastUid: number;

  /** When a pass last tried this mailbox, successful or not. */
  @Column(nullableDatetime)
  lastFetchAt: Date | null;

  /** Why the last pass failed (or which message intake refused); null after a clean pass. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}

export const IMAP_FETCH_ENTITIES = [MailboxCursor];
