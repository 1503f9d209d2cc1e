import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE } from '../database/columns';
import { Staff } from '../staff/staff.entity';

/**
 * A custom queue: a saved advanced search with its columns and sort. Personal to its owner, or shared
 * with every agent by an admin; either way each agent only ever sees the tickets they may see.
 */
@Entity('saved_queues')
@Index('saved_queues_staff_idx', ['staffId', 'id'])
@Index('saved_queues_shared_idx', ['isShared', 'id'])
export class SavedQueue {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'saved_queues_staff_id_fk' })
  owner: Staff;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'boolean', default: false })
  isShared: boolean;

  /** TicketCriteria as JSON, re-validated by parseCriteria whenever it is read. */
  @Column({ type: 'text' })
  criteria: string;

  /** The chosen columns, comma-separated QueueColumn keys. */
  @Column({ type: 'varchar', length: 255 })
  columns: string;

  @Column({ type: 'varchar', length: 16 })
  sort: string;

  @Column({ type: 'varchar', length: 4 })
  sortDir: string;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}
