import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AutoAssignMode } from '../auto-assign/choose-agent';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';
import { Staff } from '../staff/staff.entity';

@Entity('teams')
@Index('teams_name_uq', ['name'], { unique: true })
export class Team {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** One of the team's members; cleared when that agent is deleted. */
  @Column(nullableFk)
  leadId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'lead_id', foreignKeyConstraintName: 'teams_lead_id_fk' })
  lead: Staff | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** How new tickets for this team without an agent get one among its members: off, round-robin or fewest open. */
  @Column({ type: 'varchar', length: 16, default: 'off' })
  autoAssignMode: AutoAssignMode;

  /** The round-robin cursor: the member auto-assigned last (no foreign key: only an id to go on from). */
  @Column({ type: 'integer', nullable: true })
  lastAssignedStaffId: number | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
