import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import { Staff } from '../staff/staff.entity';

/**
 * An agent's TOTP secret. A row with `enabledAt` null is a set-up the agent has not confirmed yet; it
 * changes nothing at login. The secret is stored encrypted (see secret-cipher.ts), never in plain.
 */
@Entity('staff_two_factor')
export class StaffTwoFactor {
  @PrimaryColumn({ type: ID_TYPE })
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_two_factor_staff_id_fk' })
  staff?: Staff;

  @Column({ type: 'text' })
  secretEncrypted: string;

  @Column(nullableDatetime)
  enabledAt: Date | null;

  /** The TOTP time step of the last code accepted: a code from this step or an earlier one is refused (replay). */
  @Column({ type: 'integer', nullable: true })
  lastUsedStep: number | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
