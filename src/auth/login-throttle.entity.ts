import { Column, Entity, PrimaryColumn } from 'typeorm';
import { datetimeColumn, nullableDatetime } from '../database/columns';

/**
 * Failed logins counted per key ("account:<name>" or "ip:<address>") in the database, so neither a fresh
 * cookie nor another app instance resets them.
 */
@Entity('login_throttles')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  key: string;

  @Column({ type: 'integer' })
  failures: number;

  @Column(datetimeColumn)
  windowStartedAt: Date;

  @Column(nullableDatetime)
  lockedUntil: Date | null;
}
