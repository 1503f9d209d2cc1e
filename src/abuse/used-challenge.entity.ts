import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { datetimeColumn } from '../database/columns';

/** A form question already answered (its nonce), kept until it expires, so a token works once. */
@Entity('used_challenges')
@Index('used_challenges_expires_idx', ['expiresAt'])
export class UsedChallenge {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  nonce: string;

  @Column(datetimeColumn)
  expiresAt: Date;
}
