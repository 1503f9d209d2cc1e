import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';

@Entity('departments')
@Index('departments_name_uq', ['name'], { unique: true })
export class Department {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Public departments can be chosen by end users; private ones only by agents. */
  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(nullableFk)
  slaPlanId: number | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
