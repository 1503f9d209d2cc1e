import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Column } from 'typeorm';
import { fkColumn, ID_TYPE } from '../database/columns';
import { Department } from '../departments/department.entity';
import { Role } from './role.entity';
import { Staff } from './staff.entity';

/** Extended access: an agent may work in departments besides their primary one, each with a role. */
@Entity('staff_department_access')
@Index('staff_department_access_department_idx', ['departmentId'])
export class StaffDepartmentAccess {
  @PrimaryColumn({ type: ID_TYPE })
  staffId: number;

  @PrimaryColumn({ type: ID_TYPE })
  departmentId: number;

  @Column(fkColumn)
  roleId: number;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'staff_department_access_staff_id_fk' })
  staff: Staff;

  @ManyToOne(() => Department, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'staff_department_access_department_id_fk' })
  department: Department;

  @ManyToOne(() => Role, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'staff_department_access_role_id_fk' })
  role: Role;
}
