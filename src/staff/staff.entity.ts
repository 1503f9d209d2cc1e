import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime, nullableFk } from '../database/columns';
import { Department } from '../departments/department.entity';
import { Schedule } from '../sla/schedule.entity';
import { Role } from './role.entity';

/** An agent (or admin) who works tickets at /scp. */
@Entity('staff')
@Index('staff_username_uq', ['username'], { unique: true })
@Index('staff_email_uq', ['email'], { unique: true })
@Index('staff_department_idx', ['departmentId'])
export class Staff {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ type: 'varchar', length: 64 })
  firstName: string;

  @Column({ type: 'varchar', length: 64 })
  lastName: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  isAdmin: boolean;

  /** Cleared to disable the account: the agent cannot log in and leaves every list of assignable agents. */
  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  /** An admin's lock: the agent cannot log in (and an open session ends) until an admin unlocks them. */
  @Column({ type: 'boolean', default: false })
  isLocked: boolean;

  @Column({ type: 'boolean', default: false })
  onVacation: boolean;

  /** Set by an admin (new agent, password reset): the agent picks a new password at their next login. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column(fkColumn)
  departmentId: number;

  @ManyToOne(() => Department, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'staff_department_id_fk' })
  department: Department;

  @Column(fkColumn)
  roleId: number;

  @ManyToOne(() => Role, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'staff_role_id_fk' })
  role: Role;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** An IANA time zone ("Europe/Paris"); null uses the help desk's. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  @Column({ type: 'text', nullable: true })
  signature: string | null;

  /** Tickets per queue page (10-100); null uses the help desk's default. */
  @Column({ type: 'integer', nullable: true })
  pageSize: number | null;

  /** The queue /scp opens on: a built-in queue key or `q<id>` for a custom queue; null: Open. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  defaultQueue: string | null;

  /** The agent's working hours, for auto-assignment; null: always working. */
  @Column(nullableFk)
  scheduleId: number | null;

  @ManyToOne(() => Schedule, { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'schedule_id', foreignKeyConstraintName: 'staff_schedule_id_fk' })
  schedule: Schedule | null;

  @Column(nullableDatetime)
  lastLoginAt: Date | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;

  get name(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }
}
