import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import { Staff } from '../staff/staff.entity';

/**
 * A password reset link sent to an agent (SECURITY 11): only the SHA-256 of its random token is kept;
 * it expires after 30 minutes and works once.
 */
@Entity('password_reset_tokens')
@Index('password_reset_tokens_token_hash_uq', ['tokenHash'], { unique: true })
@Index('password_reset_tokens_staff_idx', ['staffId'])
export class PasswordResetToken {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'password_reset_tokens_staff_id_fk' })
  staff: Staff;

  /** Hex SHA-256 of the token in the link. */
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column(nullableDatetime)
  usedAt: Date | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestedIp: string | null;
}
