import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import { Staff } from '../staff/staff.entity';

/** A single-use recovery code for two-factor login, stored as the SHA-256 of its normalised form. */
@Entity('staff_recovery_codes')
@Index('staff_recovery_codes_staff_id_idx', ['staffId'])
export class StaffRecoveryCode {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  staffId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_recovery_codes_staff_id_fk' })
  staff?: Staff;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column(nullableDatetime)
  usedAt: Date | null;
}
