import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE } from '../database/columns';
import { Permission } from './permissions';

@Entity('roles')
@Index('roles_name_uq', ['name'], { unique: true })
export class Role {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** JSON array of Permission names. */
  @Column({ type: 'simple-json' })
  permissions: Permission[];

  @Column(createdAtColumn)
  createdAt: Date;

  /**
   * A disabled role is retired from new assignments only: agents who already hold it keep it, and its
   * permissions, until an admin gives them another role.
   */
  @Column({ type: 'boolean', default: true })
  isActive: boolean;
}
