import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AutoAssignMode } from '../auto-assign/choose-agent';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';
import { SlaPlan } from '../sla/sla-plan.entity';
import type { Staff } from '../staff/staff.entity';

@Entity('departments')
@Index('departments_name_uq', ['name'], { unique: true })
export class Department {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** The department this one sits under; never itself nor one of its own sub-departments. */
  @Column(nullableFk)
  parentId: number | null;

  @ManyToOne(() => Department, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'departments_parent_id_fk' })
  parent: Department | null;

  /** An active agent; cleared when that agent is deleted. */
  @Column(nullableFk)
  managerId: number | null;

  // By name, with a type-only import: staff.entity imports this file, and a value import back would be
  // a cycle ("Cannot access 'Department' before initialization" for whichever file loads first).
  // Relation<> keeps the class out of the emitted design:type metadata (department.entity.spec.ts).
  @ManyToOne('Staff', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'manager_id', foreignKeyConstraintName: 'departments_manager_id_fk' })
  manager: Relation<Staff> | null;

  /** The address mail about this department's tickets goes out from; null means the help desk's default. */
  @Column({ type: 'varchar', length: 191, nullable: true })
  email: string | null;

  /** Public departments can be chosen by end users; private ones only by agents. */
  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(nullableFk)
  slaPlanId: number | null;

  @ManyToOne(() => SlaPlan, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'sla_plan_id', foreignKeyConstraintName: 'departments_sla_plan_id_fk' })
  slaPlan: SlaPlan | null;

  /** How new tickets without an agent get one here: off, round-robin or fewest open tickets. */
  @Column({ type: 'varchar', length: 16, default: 'off' })
  autoAssignMode: AutoAssignMode;

  /** The round-robin cursor: the agent auto-assigned last (no foreign key: only an id to go on from). */
  @Column({ type: 'integer', nullable: true })
  lastAssignedStaffId: number | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
