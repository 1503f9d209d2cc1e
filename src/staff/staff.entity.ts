import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import { Department } from '../departments/department.entity';
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

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

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

  @Column({ type: 'text', nullable: true })
  signature: string | null;

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
