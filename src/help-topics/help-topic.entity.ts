import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';
import { Department } from '../departments/department.entity';

/** What a ticket is about; chooses the defaults (department, priority, SLA plan) for new tickets. */
@Entity('help_topics')
@Index('help_topics_parent_name_uq', ['parentId', 'name'], { unique: true })
export class HelpTopic {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(nullableFk)
  parentId: number | null;

  @ManyToOne(() => HelpTopic, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'help_topics_parent_id_fk' })
  parent: HelpTopic | null;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** "Report a Problem / Access Issue": the name with its parents', kept so lists need no recursion. */
  @Column({ type: 'varchar', length: 255 })
  fullName: string;

  @Column(nullableFk)
  departmentId: number | null;

  @ManyToOne(() => Department, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'help_topics_department_id_fk' })
  department: Department | null;

  @Column(nullableFk)
  priorityId: number | null;

  @Column(nullableFk)
  slaPlanId: number | null;

  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  sort: number;

  @Column(createdAtColumn)
  createdAt: Date;
}
