import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';
import { Schedule } from './schedule.entity';

@Entity('sla_plans')
@Index('sla_plans_name_uq', ['name'], { unique: true })
export class SlaPlan {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'integer', nullable: true })
  firstResponseHours: number | null;

  @Column({ type: 'integer' })
  resolutionHours: number;

  /** Business hours the targets count in; null means calendar hours. */
  @Column(nullableFk)
  scheduleId: number | null;

  @ManyToOne(() => Schedule, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'sla_plans_schedule_id_fk' })
  schedule: Schedule | null;

  @Column({ type: 'boolean', default: true })
  alertsEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Column(createdAtColumn)
  createdAt: Date;
}
