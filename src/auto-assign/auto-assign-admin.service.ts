import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, In } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors';
import type { FormErrors } from '../common/view-models';
import { Department } from '../departments/department.entity';
import { Schedule } from '../sla/schedule.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { AutoAssignSettingsInput, SCHEDULE_MESSAGE } from './auto-assign-form';
import { AutoAssignMode } from './choose-agent';

export interface AutoAssignOverview {
  departments: { id: number; name: string; isActive: boolean; mode: AutoAssignMode }[];
  teams: { id: number; name: string; isActive: boolean; mode: AutoAssignMode }[];
  agents: { id: number; name: string; isActive: boolean; departmentName: string; scheduleId: number | null }[];
  schedules: { id: number; name: string }[];
}

const GONE = 'This row no longer exists; reload the page.';

/** The admin side of auto-assignment: each department's and team's mode, and each agent's working schedule. */
@Injectable()
export class AutoAssignAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every department, team and agent with its current setting, and the schedules to choose from. */
  async overview(): Promise<AutoAssignOverview> {
    const [departments, teams, agents, schedules] = await Promise.all([
      this.db.getRepository(Department).find({ order: { name: 'ASC' } }),
      this.db.getRepository(Team).find({ order: { name: 'ASC' } }),
      this.db.getRepository(Staff).find({ relations: { department: true }, order: { firstName: 'ASC', lastName: 'ASC', id: 'ASC' } }),
      this.db.getRepository(Schedule).find({ order: { name: 'ASC' } }),
    ]);
    return {
      departments: departments.map((d) => ({ id: d.id, name: d.name, isActive: d.isActive, mode: d.autoAssignMode })),
      teams: teams.map((t) => ({ id: t.id, name: t.name, isActive: t.isActive, mode: t.autoAssignMode })),
      agents: agents.map((a) => ({ id: a.id, name: a.name, isActive: a.isActive, departmentName: a.department.name, scheduleId: a.scheduleId })),
      schedules: schedules.map((s) => ({ id: s.id, name: s.name })),
    };
  }

  /**
   * Saves the posted modes and schedules together or not at all: a row that no longer exists or a
   * schedule that does not exist refuses the whole form (422, per field). Each change is audited
   * (department.updated, team.updated, agent.updated) with the setting before and after. Returns how many
   * rows changed.
   */
  async save(actor: AuditActor, input: AutoAssignSettingsInput): Promise<number> {
    return this.db.transaction(async (m) => {
      const [departments, teams, agents] = await Promise.all([
        byIds(m, Department, input.departments.keys()),
        byIds(m, Team, input.teams.keys()),
        byIds(m, Staff, input.agentSchedules.keys()),
      ]);
      await this.check(m, input, { departments, teams, agents });
      let changed = 0;
      for (const d of departments) {
        const mode = input.departments.get(d.id)!;
        if (mode === d.autoAssignMode) continue;
        await m.update(Department, { id: d.id }, { autoAssignMode: mode });
        await this.audit.record(actor, { action: 'department.updated', target: { type: 'department', id: d.id, label: d.name }, before: { autoAssignMode: d.autoAssignMode }, after: { autoAssignMode: mode } }, m);
        changed++;
      }
      for (const t of teams) {
        const mode = input.teams.get(t.id)!;
        if (mode === t.autoAssignMode) continue;
        await m.update(Team, { id: t.id }, { autoAssignMode: mode });
        await this.audit.record(actor, { action: 'team.updated', target: { type: 'team', id: t.id, label: t.name }, before: { autoAssignMode: t.autoAssignMode }, after: { autoAssignMode: mode } }, m);
        changed++;
      }
      for (const a of agents) {
        const scheduleId = input.agentSchedules.get(a.id)!;
        if (scheduleId === a.scheduleId) continue;
        await m.update(Staff, { id: a.id }, { scheduleId });
        await this.audit.record(actor, { action: 'agent.updated', target: { type: 'agent', id: a.id, label: a.name || a.username }, before: { scheduleId: a.scheduleId }, after: { scheduleId } }, m);
        changed++;
      }
      return changed;
    });
  }

  private async check(m: EntityManager, input: AutoAssignSettingsInput, found: { departments: Department[]; teams: Team[]; agents: Staff[] }): Promise<void> {
    const errors: FormErrors = {};
    const missing = (prefix: string, ids: Iterable<number>, rows: { id: number }[]) => {
      for (const id of ids) if (!rows.some((r) => r.id === id)) errors[`${prefix}_${id}`] = GONE;
    };
    missing('department', input.departments.keys(), found.departments);
    missing('team', input.teams.keys(), found.teams);
    missing('agent', input.agentSchedules.keys(), found.agents);
    const wanted = [...new Set([...input.agentSchedules.values()].filter((id): id is number => id !== null))];
    const schedules = await byIds(m, Schedule, wanted);
    for (const [agentId, scheduleId] of input.agentSchedules) {
      if (scheduleId !== null && !schedules.some((s) => s.id === scheduleId)) errors[`agent_${agentId}`] = SCHEDULE_MESSAGE;
    }
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Nothing was saved. Please correct the rows marked below.', errors);
  }
}

/** The rows with these ids (none asked, none read). */
function byIds<T extends { id: number }>(m: EntityManager, entity: EntityTarget<T>, ids: Iterable<number>): Promise<T[]> {
  const list = [...ids];
  return list.length === 0 ? Promise.resolve([]) : m.findBy(entity, { id: In(list) } as FindOptionsWhere<T>);
}
