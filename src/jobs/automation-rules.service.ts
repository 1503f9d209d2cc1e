import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { Department } from '../departments/department.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { automationConfig, automationInput, AutomationInput, validateAutomation } from './automation-rules';
import { AutomationRule, JobRun } from './jobs.entities';

export const RECENT_RUNS = 50;

export interface AutomationChoices {
  statuses: TicketStatus[];
  departments: Department[];
  agents: Staff[];
  teams: Team[];
}

/**
 * The admin's automation rules: create, edit, disable or enable, delete; every change audited as
 * `automation.*` in its transaction. A rule names statuses, departments, agents and teams that must exist
 * (and be active, where the rule would hand tickets to them) when it is saved.
 */
@Injectable()
export class AutomationRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(): Promise<AutomationRule[]> {
    return this.db.getRepository(AutomationRule).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  async get(id: number): Promise<AutomationRule> {
    const rule = await this.db.getRepository(AutomationRule).findOneBy({ id });
    if (!rule) throw notFound('automation rule');
    return rule;
  }

  /** The newest job runs (both jobs), for the log under the rules. */
  recentRuns(): Promise<JobRun[]> {
    return this.db.getRepository(JobRun).find({ order: { id: 'DESC' }, take: RECENT_RUNS });
  }

  async choices(): Promise<AutomationChoices> {
    const [statuses, departments, agents, teams] = await Promise.all([
      this.db.getRepository(TicketStatus).find({ order: { sort: 'ASC', id: 'ASC' } }),
      this.db.getRepository(Department).find({ order: { name: 'ASC' } }),
      this.db.getRepository(Staff).find({ where: { isActive: true }, order: { firstName: 'ASC', lastName: 'ASC', id: 'ASC' } }),
      this.db.getRepository(Team).find({ where: { isActive: true }, order: { name: 'ASC' } }),
    ]);
    return { statuses, departments, agents, teams };
  }

  async create(actor: AuditActor, input: AutomationInput): Promise<AutomationRule> {
    return this.write(async (manager) => {
      await this.check(manager, input, null);
      const now = this.clock.now();
      const repo = manager.getRepository(AutomationRule);
      const saved = await repo.save(repo.create({ kind: input.kind, name: input.name, isActive: input.isActive, config: automationConfig(input), createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'automation.created', target: target(saved), after: snapshot(saved) }, manager);
      return saved;
    });
  }

  /** The kind of a rule stays what it was created as. */
  async update(actor: AuditActor, id: number, input: AutomationInput): Promise<AutomationRule> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(AutomationRule);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('automation rule');
      const typed = { ...input, kind: current.kind };
      await this.check(manager, typed, id);
      const before = snapshot(current);
      Object.assign(current, { name: typed.name, isActive: typed.isActive, config: automationConfig(typed), updatedAt: this.clock.now() });
      await repo.save(current);
      const changes = changedFields(before, snapshot(current));
      if (Object.keys(changes.after).length > 0) {
        await this.audit.record(actor, { action: 'automation.updated', target: target(current), before: changes.before, after: changes.after }, manager);
      }
      return current;
    });
  }

  async setActive(actor: AuditActor, id: number, isActive: boolean): Promise<AutomationRule> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(AutomationRule);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('automation rule');
      if (current.isActive === isActive) return current;
      await repo.update({ id }, { isActive, updatedAt: this.clock.now() });
      await this.audit.record(actor, {
        action: isActive ? 'automation.enabled' : 'automation.disabled', target: target(current), before: { isActive: !isActive }, after: { isActive },
      }, manager);
      return { ...current, isActive };
    });
  }

  /** Deleting a rule also forgets where it fired (its marks go with it). */
  async delete(actor: AuditActor, id: number): Promise<AutomationRule> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(AutomationRule);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('automation rule');
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'automation.deleted', target: target(current), before: snapshot(current) }, manager);
      return current;
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw nameTaken();
      throw err;
    }
  }

  /** The form rules, then every id it names; all messages at once. */
  private async check(manager: EntityManager, input: AutomationInput, id: number | null): Promise<void> {
    const errors = validateAutomation(input);
    const exists = async (entity: typeof TicketStatus | typeof Department | typeof Staff | typeof Team, field: string, value: number | null, where: object, message: string) => {
      if (value !== null && !errors[field] && !(await manager.exists(entity, { where: { id: value, ...where } }))) errors[field] = message;
    };
    if (input.kind === 'auto_close') {
      await exists(TicketStatus, 'fromStatusId', input.fromStatusId, {}, 'Choose a status from the list.');
      await exists(TicketStatus, 'toStatusId', input.toStatusId, { state: 'closed' }, 'Choose a closed status from the list.');
    } else {
      await exists(Department, 'departmentId', input.departmentId, {}, 'Choose a department from the list.');
      await exists(Staff, 'assignStaffId', input.assignStaffId, { isActive: true }, 'Choose an active agent from the list.');
      await exists(Team, 'assignTeamId', input.assignTeamId, { isActive: true }, 'Choose an active team from the list.');
      await exists(Department, 'transferDepartmentId', input.transferDepartmentId, { isActive: true }, 'Choose an active department from the list.');
    }
    if (!errors.name) {
      const query = manager.getRepository(AutomationRule).createQueryBuilder('r').where('LOWER(r.name) = :name', { name: input.name.toLowerCase() });
      if (id !== null) query.andWhere('r.id <> :id', { id });
      if ((await query.getCount()) > 0) errors.name = nameTaken().message;
    }
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
  }
}

const nameTaken = () => invalidField('name', 'Another automation rule already has this name.');
const target = (r: AutomationRule) => ({ type: 'automation_rule', id: r.id, label: r.name });

/** Flat fields of the rule's kind, so the audit log shows exactly which setting changed. */
function snapshot(rule: AutomationRule): Record<string, unknown> {
  const i = automationInput(rule);
  const settings = i.kind === 'auto_close'
    ? { days: i.days, fromStatusId: i.fromStatusId, toStatusId: i.toStatusId }
    : { hours: i.hours, departmentId: i.departmentId, assignStaffId: i.assignStaffId, assignTeamId: i.assignTeamId,
      transferDepartmentId: i.transferDepartmentId, raisePriority: i.raisePriority, alert: i.alert };
  return { name: i.name, kind: i.kind, isActive: i.isActive, ...settings };
}
