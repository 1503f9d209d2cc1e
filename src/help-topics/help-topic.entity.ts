import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';
import { Department } from '../departments/department.entity';
import { CustomForm } from '../forms/custom-form.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';

/**
 * What a ticket is about; chooses the defaults for new tickets (department, priority, SLA plan, status,
 * auto-assignee) and the custom form whose questions the ticket asks.
 */
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

  /** The status new tickets get (an open-state one); null: the install's default. */
  @Column(nullableFk)
  statusId: number | null;

  @ManyToOne(() => TicketStatus, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'status_id', foreignKeyConstraintName: 'help_topics_status_id_fk' })
  status: TicketStatus | null;

  /** The agent new tickets are assigned to. */
  @Column(nullableFk)
  staffId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'help_topics_staff_id_fk' })
  autoAssignee: Staff | null;

  /** The team new tickets are assigned to. */
  @Column(nullableFk)
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'help_topics_team_id_fk' })
  team: Team | null;

  /** The custom form whose questions tickets of this topic ask. */
  @Column(nullableFk)
  formId: number | null;

  @ManyToOne(() => CustomForm, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'help_topics_form_id_fk' })
  form: CustomForm | null;

  /** Public topics are offered on the portal; private ones only to agents. */
  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  sort: number;

  @Column(createdAtColumn)
  createdAt: Date;
}
