import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, fkColumn, ID_TYPE } from '../database/columns';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { Ticket } from '../tickets/ticket.entity';

/** A file on a thread entry. The bytes live under ATTACHMENTS_DIR as `storedName`, never in a static folder. */
@Entity('attachments')
@Index('attachments_stored_name_uq', ['storedName'], { unique: true })
@Index('attachments_entry_idx', ['threadEntryId'])
@Index('attachments_ticket_idx', ['ticketId'])
export class Attachment {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'attachments_ticket_id_fk' })
  ticket: Ticket;

  @Column(fkColumn)
  threadEntryId: number;

  @ManyToOne(() => ThreadEntry, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'thread_entry_id', foreignKeyConstraintName: 'attachments_thread_entry_id_fk' })
  threadEntry: ThreadEntry;

  /** The name the uploader gave, cleaned for display and Content-Disposition. */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Generated: 32 random hex characters. */
  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 128 })
  mimeType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column(createdAtColumn)
  createdAt: Date;
}
