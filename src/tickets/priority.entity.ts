import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID_TYPE } from '../database/columns';

@Entity('priorities')
@Index('priorities_name_uq', ['name'], { unique: true })
export class Priority {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** CSS class suffix: low | normal | high | emergency (or an admin's own). */
  @Column({ type: 'varchar', length: 32 })
  cssClass: string;

  /** Higher is more urgent; queues sort by it. */
  @Column({ type: 'integer' })
  urgency: number;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;
}
