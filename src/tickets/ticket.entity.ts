import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime, nullableFk } from '../database/columns';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { User } from '../users/user.entity';
import { Priority } from './priority.entity';
import { TicketStatus } from './ticket-status.entity';
import { StatusState } from './ticket-lifecycle';

export const TICKET_SOURCES = ['web', 'email', 'phone', 'api', 'other'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

/**
 * A ticket. `state` copies its status's state so queues filter on one indexed column; only
 * TicketsService writes it, always together with statusId.
 */
@Entity('tickets')
@Index('tickets_number_uq', ['number'], { unique: true })
// Queue walks (migration 1763900000180): the queue's key and id, then the agent-scope columns, index-only.
@Index('tickets_state_scope_idx', ['state', 'id', 'departmentId', 'staffId', 'teamId'])
@Index('tickets_department_state_id_idx', ['departmentId', 'state', 'id'])
@Index('tickets_staff_state_scope_idx', ['staffId', 'state', 'id', 'departmentId', 'teamId'])
@Index('tickets_team_state_id_idx', ['teamId', 'state', 'id'])
@Index('tickets_user_id_idx', ['userId', 'id'])
@Index('tickets_user_state_id_idx', ['userId', 'state', 'id'])
// The admin pages count tickets per status and per priority (and check them before a delete).
@Index('tickets_status_id_idx', ['statusId'])
@Index('tickets_priority_id_idx', ['priorityId'])
@Index('tickets_state_sla_due_idx', ['state', 'slaDueAt'])
// The staff queues (migration 1763900000100): Open/Answered, Overdue, and any queue sorted by last update.
@Index('tickets_state_answered_scope_idx', ['state', 'isAnswered', 'id', 'departmentId', 'staffId', 'teamId'])
@Index('tickets_state_overdue_scope_idx', ['state', 'isOverdue', 'id', 'departmentId', 'staffId', 'teamId'])
@Index('tickets_state_updated_id_idx', ['state', 'updatedAt', 'id'])
// FULLTEXT on MySQL, an FTS5 table on SQLite: kept by the migration, not the schema sync (search/full-text-index.ts).
@Index('tickets_subject_ft', { synchronize: false })
export class Ticket {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  number: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column(fkColumn)
  userId: number;

  @ManyToOne(() => User, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'tickets_user_id_fk' })
  user: User;

  @Column(fkColumn)
  statusId: number;

  @ManyToOne(() => TicketStatus, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'status_id', foreignKeyConstraintName: 'tickets_status_id_fk' })
  status: TicketStatus;

  @Column({ type: 'varchar', length: 16 })
  state: StatusState;

  @Column(fkColumn)
  departmentId: number;

  @ManyToOne(() => Department, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'tickets_department_id_fk' })
  department: Department;

  @Column(nullableFk)
  helpTopicId: number | null;

  @ManyToOne(() => HelpTopic, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'help_topic_id', foreignKeyConstraintName: 'tickets_help_topic_id_fk' })
  helpTopic: HelpTopic | null;

  @Column(fkColumn)
  priorityId: number;

  @ManyToOne(() => Priority, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'priority_id', foreignKeyConstraintName: 'tickets_priority_id_fk' })
  priority: Priority;

  @Column(nullableFk)
  slaPlanId: number | null;

  @ManyToOne(() => SlaPlan, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'sla_plan_id', foreignKeyConstraintName: 'tickets_sla_plan_id_fk' })
  slaPlan: SlaPlan | null;

  /** The assigned agent. */
  @Column(nullableFk)
  staffId: number | null;

  @ManyToOne(() => Staff, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'tickets_staff_id_fk' })
  assignee: Staff | null;

  @Column(nullableFk)
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'tickets_team_id_fk' })
  team: Team | null;

  @Column({ type: 'varchar', length: 16 })
  source: TicketSource;

  @Column({ type: 'boolean', default: false })
  isAnswered: boolean;

  @Column({ type: 'boolean', default: false })
  isOverdue: boolean;

  /** Due date set by hand; overrides the SLA's. */
  @Column(nullableDatetime)
  dueAt: Date | null;

  /** The effective due time: the manual due date when set, else the SLA plan's resolution due (null while paused). */
  @Column(nullableDatetime)
  slaDueAt: Date | null;

  /** The SLA plan's first-response due time; null without a target, or while paused before reaching it. */
  @Column(nullableDatetime)
  firstResponseDueAt: Date | null;

  /** The SLA plan's resolution due time; null without a plan, or while paused before reaching it. */
  @Column(nullableDatetime)
  resolutionDueAt: Date | null;

  /** Set while the SLA clock stands still (a pausing status, or closed). */
  @Column(nullableDatetime)
  slaPausedAt: Date | null;

  /** Set by the overdue job once per breach; cleared when a recompute moves the due time into the future. */
  @Column(nullableDatetime)
  firstResponseBreachedAt: Date | null;

  @Column(nullableDatetime)
  resolutionBreachedAt: Date | null;

  /** Bumped by every field update, so a stale form can be refused. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;

  @Column(datetimeColumn)
  lastMessageAt: Date;

  @Column(nullableDatetime)
  lastResponseAt: Date | null;

  @Column(nullableDatetime)
  firstResponseAt: Date | null;

  @Column(nullableDatetime)
  reopenedAt: Date | null;

  @Column(nullableDatetime)
  closedAt: Date | null;
}
