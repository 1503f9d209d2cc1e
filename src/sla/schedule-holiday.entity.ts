import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fkColumn, ID_TYPE } from '../database/columns';
import { Schedule } from './schedule.entity';

/** A day (or part of one) the schedule does not count. Yearly holidays repeat on the same month and day. */
@Entity('schedule_holidays')
@Index('schedule_holidays_schedule_idx', ['scheduleId'])
export class ScheduleHoliday {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  scheduleId: number;

  @ManyToOne(() => Schedule, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'schedule_holidays_schedule_id_fk' })
  schedule: Schedule;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** YYYY-MM-DD in the schedule's time zone. */
  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'boolean', default: false })
  isYearly: boolean;

  /** A partial day closes only these minutes; both null means the whole day. */
  @Column({ type: 'integer', nullable: true })
  startMinute: number | null;

  @Column({ type: 'integer', nullable: true })
  endMinute: number | null;
}
