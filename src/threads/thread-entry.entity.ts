import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, fkColumn, ID_TYPE, nullableFk } from '../database/columns';
import { Staff } from '../staff/staff.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';

/**
 * message: from the end user; response: an agent's reply the user sees; note: internal, agents only;
 * event: something that happened (assigned, transferred, status changed, ...), with details in `data`.
 */
export const THREAD_ENTRY_TYPES = ['message', 'response', 'note', 'event'] as const;
export type ThreadEntryType = (typeof THREAD_ENTRY_TYPES)[number];

export type ThreadEventName =
  | 'created' | 'assigned' | 'released' | 'transferred' | 'status_changed' | 'reopened' | 'closed'
  | 'priority_changed' | 'topic_changed' | 'sla_changed' | 'fields_changed'
  | 'due_changed'
  | 'auto_assign_skipped'
  | 'filters_applied'
  | 'overdue' | 'escalated'
  | 'linked' | 'unlinked' | 'merged'
  | 'bounce' | 'collaborator_added' | 'collaborator_removed' | 'access_links_revoked';

/** One entry of a ticket's thread. Entries are only ever inserted, so concurrent posts are never lost. */
@Entity('thread_entries')
@Index('thread_entries_ticket_id_idx', ['ticketId', 'id'])
// FULLTEXT on MySQL, an FTS5 table on SQLite: kept by the migration, not the schema sync (search/full-text-index.ts).
@Index('thread_entries_body_ft', { synchronize: false })
export class ThreadEntry {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'thread_entries_ticket_id_fk' })
  ticket: Ticket;

  @Column({ type: 'varchar', length: 16 })
  type: ThreadEntryType;

  @Column({ type: 'varchar', length: 32, nullable: true })
  event: ThreadEventName | null;

  @Column(nullableFk)
  staffId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'thread_entries_staff_id_fk' })
  staff: Staff | null;

  @Column(nullableFk)
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'thread_entries_user_id_fk' })
  user: User | null;

  /** Who it was, as shown then (kept even if the person is renamed later). */
  @Column({ type: 'varchar', length: 128 })
  posterName: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  title: string | null;

  @Column({ type: 'text' })
  body: string;

  /** Event details (from/to names) as JSON. */
  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, string | number | null> | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
