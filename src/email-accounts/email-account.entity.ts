import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE, nullableFk } from '../database/columns';
import type { Department } from '../departments/department.entity';
import type { HelpTopic } from '../help-topics/help-topic.entity';
import type { Priority } from '../tickets/priority.entity';

/** How a connection is secured: `tls` from the first byte, `starttls` required upgrade, `none` plain text. */
export type MailSecurity = 'none' | 'starttls' | 'tls';
export const MAIL_SECURITIES: readonly MailSecurity[] = ['none', 'starttls', 'tls'];

export const MAX_EMAIL_ADDRESS_CHARS = 191;

/**
 * A help desk mailbox: the address users write to, the defaults a ticket opened there gets, how to
 * send from it (SMTP; no host means the global SMTP_URL) and how to fetch from it (IMAP). Passwords
 * are stored encrypted (EmailAccountsService) and never shown back.
 */
@Entity('email_accounts')
@Index('email_accounts_address_uq', ['address'], { unique: true })
@Index('email_accounts_fetch_idx', ['fetchEnabled', 'isActive'])
export class EmailAccount {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  /** Lower-case; unique. */
  @Column({ type: 'varchar', length: MAX_EMAIL_ADDRESS_CHARS })
  address: string;

  /** The name in the From header ("Support" <support@...>); '' means the help desk's name. */
  @Column({ type: 'varchar', length: 128, default: '' })
  name: string;

  @Column(nullableFk)
  departmentId: number | null;

  @ManyToOne('Department', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'email_accounts_department_id_fk' })
  department: Relation<Department> | null;

  @Column(nullableFk)
  priorityId: number | null;

  @ManyToOne('Priority', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'priority_id', foreignKeyConstraintName: 'email_accounts_priority_id_fk' })
  priority: Relation<Priority> | null;

  @Column(nullableFk)
  helpTopicId: number | null;

  @ManyToOne('HelpTopic', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'help_topic_id', foreignKeyConstraintName: 'email_accounts_help_topic_id_fk' })
  helpTopic: Relation<HelpTopic> | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  smtpHost: string | null;

  @Column({ type: 'integer', nullable: true })
  smtpPort: number | null;

  @Column({ type: 'varchar', length: 16, default: 'starttls' })
  smtpSecurity: MailSecurity;

  @Column({ type: 'varchar', length: 255, nullable: true })
  smtpUser: string | null;

  /** Encrypted (`v1.iv.tag.body`), never the plain password. */
  @Column({ type: 'text', nullable: true })
  smtpPassword: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  imapHost: string | null;

  @Column({ type: 'integer', nullable: true })
  imapPort: number | null;

  @Column({ type: 'varchar', length: 16, default: 'tls' })
  imapSecurity: MailSecurity;

  @Column({ type: 'varchar', length: 255, nullable: true })
  imapUser: string | null;

  /** Encrypted (`v1.iv.tag.body`), never the plain password. */
  @Column({ type: 'text', nullable: true })
  imapPassword: string | null;

  @Column({ type: 'varchar', length: 191, default: 'INBOX' })
  imapFolder: string;

  /** Where a processed message is moved; null: it stays and is flagged \Seen. */
  @Column({ type: 'varchar', length: 191, nullable: true })
  imapArchiveFolder: string | null;

  @Column({ type: 'boolean', default: false })
  fetchEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}
