import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE } from '../database/columns';

/** Working hours of one weekday, in minutes after midnight in the schedule's time zone. 0 = Sunday. */
export interface WeeklyHours {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** Business hours in a time zone; SLA targets count only these hours (holidays excepted). */
@Entity('schedules')
@Index('schedules_name_uq', ['name'], { unique: true })
export class Schedule {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** IANA time zone, e.g. America/New_York. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'simple-json' })
  weeklyHours: WeeklyHours[];

  @Column(createdAtColumn)
  createdAt: Date;
}
