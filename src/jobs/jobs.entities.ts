import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import type { Ticket } from '../tickets/ticket.entity';

/**
 * One row per background job: whoever holds an unexpired lease runs it (ARCHITECTURE 10). Taken with a
 * single conditional UPDATE (see LeaseService), so two app instances never run the same job at once.
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  /** The process holding (or that last held) the lease: host, pid and a random suffix. */
  @Column({ type: 'varchar', length: 128 })
  holder: string;

  @Column(datetimeColumn)
  leaseUntil: Date;

  @Column(nullableDatetime)
  lastStartedAt: Date | null;

  @Column(nullableDatetime)
  lastFinishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastResult: string | null;
}

/** 'running' until the run ends; a run whose process died stays 'running' with no finish time. */
export const JOB_OUTCOMES = ['running', 'ok', 'failed', 'skipped'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** The log of runs: one row per run that got the lease. */
@Entity('job_runs')
@Index('job_runs_name_id_idx', ['name', 'id'])
export class JobRun {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  holder: string;

  @Column(datetimeColumn)
  startedAt: Date;

  @Column(nullableDatetime)
  finishedAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: JobOutcome;

  /** What the run did, e.g. "marked 3 tickets overdue, queued 5 alerts"; the error message when it failed. */
  @Column({ type: 'text' })
  summary: string;
}

export const AUTOMATION_KINDS = ['auto_close', 'escalate'] as const;
export type AutomationKind = (typeof AUTOMATION_KINDS)[number];

/** Move tickets in `fromStatusId` to `toStatusId` when no one has written for `days` days. */
export interface AutoCloseConfig {
  days: number;
  fromStatusId: number;
  toStatusId: number;
}

export interface EscalateActions {
  assignStaffId?: number;
  assignTeamId?: number;
  transferDepartmentId?: number;
  raisePriority?: boolean;
  alert?: boolean;
}

/**
 * Act on open tickets whose last user message has waited `hours` business hours (on the ticket's SLA
 * schedule; calendar hours without one) for an agent's response. `departmentId` null: every department.
 */
export interface EscalateConfig {
  hours: number;
  departmentId: number | null;
  actions: EscalateActions;
}

export type AutomationConfig = AutoCloseConfig | EscalateConfig;

/** A time-based rule the automations job applies; configured at /scp/admin/automations. */
@Entity('automation_rules')
@Index('automation_rules_name_uq', ['name'], { unique: true })
export class AutomationRule {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  kind: AutomationKind;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'simple-json' })
  config: AutomationConfig;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/**
 * "This rule already fired for this ticket": a rule fires at most once per episode. The automations job
 * removes the mark when the ticket gets an agent response or is reopened after it, which starts a new one.
 */
@Entity('ticket_automation_marks')
@Index('ticket_automation_marks_rule_idx', ['ruleId'])
export class TicketAutomationMark {
  @PrimaryColumn({ type: ID_TYPE })
  ticketId: number;

  @PrimaryColumn({ type: ID_TYPE })
  ruleId: number;

  @Column(datetimeColumn)
  markedAt: Date;

  // By name, so this file does not load the ticket entity graph just for a foreign key.
  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_automation_marks_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @ManyToOne(() => AutomationRule, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'ticket_automation_marks_rule_id_fk' })
  rule: Relation<AutomationRule>;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const JOBS_ENTITIES = [JobLease, JobRun, AutomationRule, TicketAutomationMark];
