import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { datetimeColumn } from '../database/columns';

/** Browser sessions, kept in the database so restarts and several app instances share them. */
@Entity('sessions')
@Index('sessions_expires_at_idx', ['expiresAt'])
export class SessionRecord {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column({ type: 'text' })
  data: string;
}
