import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Department } from '../departments/department.entity';
import { ScheduleSpec } from '../sla/business-hours';
import { ScheduleHoliday } from '../sla/schedule-holiday.entity';
import { Schedule } from '../sla/schedule.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import type { NewEvent } from '../threads/thread.service';
import { Ticket } from '../tickets/ticket.entity';
import { AutoAssignMode, Candidate, Choice, chooseAgent } from './choose-agent';

/** Who the thread shows as having auto-assigned a ticket. */
export const AUTO_ASSIGNER = 'RelayDesk (auto-assignment)';

/** The thread event for an auto-assignment (or for why there was none); the caller adds ticket and time. */
export type AutoAssignEvent = Pick<NewEvent, 'event' | 'posterName' | 'text' | 'data'>;

interface Group {
  kind: 'department' | 'team';
  id: number;
  name: string;
  mode: Exclude<AutoAssignMode, 'off'>;
}

/** Concurrent intakes that moved the cursor first make us choose again; a few rounds always settle it. */
const CURSOR_ATTEMPTS = 5;

/** Gives a new ticket without an agent one from its team or department, as their auto-assignment mode says. */
@Injectable()
export class AutoAssignService {
  /**
   * For a ticket that has no agent yet (after the intake filters and the help topic's defaults): its team's
   * mode when the team has one on, else its department's. Round-robin moves the group's cursor with a
   * conditional UPDATE (and, on MySQL, a locking read first), so two intakes at the same time never give
   * the same agent two turns in a row. Returns the thread event to write: whom it chose and why, or why
   * nobody; null when auto-assignment does not apply. Runs inside the intake's transaction.
   */
  async assignNew(manager: EntityManager, ticket: Ticket, now: Date): Promise<AutoAssignEvent | null> {
    if (ticket.staffId !== null) return null;
    const group = await this.groupFor(manager, ticket);
    if (!group) return null;
    const candidates = await this.candidates(manager, group);
    const openCounts = group.mode === 'fewest_open' ? await this.openCounts(manager, candidates.map((c) => c.id)) : new Map<number, number>();

    let choice!: Choice;
    for (let attempt = 1; attempt <= CURSOR_ATTEMPTS; attempt++) {
      const cursor = group.mode === 'round_robin' ? await this.readCursor(manager, group) : null;
      const lastAssigned = cursor === null ? null : { id: cursor, name: await this.agentName(manager, candidates, cursor) };
      choice = chooseAgent({ mode: group.mode, groupName: group.name, candidates, lastAssigned, openCounts, now });
      // CASE: should the cursor keep moving under us, the last choice stands: a ticket is never left unassigned for it.
      if (!choice.agent || group.mode !== 'round_robin' || (await this.moveCursor(manager, group, cursor, choice.agent.id))) break;
    }

    const data = { mode: group.mode, [`${group.kind}Id`]: group.id, skipped: choice.skipped.map((s) => `${s.name} (${s.why})`).join(', ') || null };
    if (!choice.agent) return { event: 'auto_assign_skipped', posterName: AUTO_ASSIGNER, text: choice.text, data: { ...data, reason: choice.reason } };
    await manager.update(Ticket, { id: ticket.id }, { staffId: choice.agent.id });
    ticket.staffId = choice.agent.id;
    return {
      event: 'assigned', posterName: AUTO_ASSIGNER, text: choice.text,
      data: { ...data, staffId: choice.agent.id, teamId: ticket.teamId, to: choice.agent.name, reason: choice.reason },
    };
  }

  /** The ticket's team when it is active with a mode on, else its department when that has one on. */
  private async groupFor(manager: EntityManager, ticket: Ticket): Promise<Group | null> {
    const team = ticket.teamId === null ? null : await manager.findOneBy(Team, { id: ticket.teamId, isActive: true });
    if (team && team.autoAssignMode !== 'off') return { kind: 'team', id: team.id, name: team.name, mode: team.autoAssignMode };
    const department = await manager.findOneBy(Department, { id: ticket.departmentId });
    if (department && department.autoAssignMode !== 'off') {
      return { kind: 'department', id: department.id, name: department.name, mode: department.autoAssignMode };
    }
    return null;
  }

  /** A team's members, or a department's agents (primary and extended access), with their schedules. */
  private async candidates(manager: EntityManager, group: Group): Promise<Candidate[]> {
    const qb = manager.getRepository(Staff).createQueryBuilder('s');
    if (group.kind === 'team') {
      qb.innerJoin('team_members', 'm', 'm.staff_id = s.id AND m.team_id = :id', { id: group.id });
    } else {
      qb.where('s.departmentId = :id', { id: group.id })
        .orWhere('s.id IN (SELECT a.staff_id FROM staff_department_access a WHERE a.department_id = :id)', { id: group.id });
    }
    const staff = await qb.orderBy('s.id', 'ASC').getMany();
    const schedules = await this.schedules(manager, staff.map((s) => s.scheduleId).filter((id): id is number => id !== null));
    return staff.map((s) => ({
      id: s.id, name: s.name, isActive: s.isActive, isLocked: s.isLocked, onVacation: s.onVacation,
      // CASE: a schedule id with no row (deleted meanwhile) is no schedule: always working.
      schedule: s.scheduleId === null ? null : (schedules.get(s.scheduleId) ?? null),
    }));
  }

  private async schedules(manager: EntityManager, ids: number[]): Promise<Map<number, ScheduleSpec>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const [rows, holidays] = await Promise.all([
      manager.findBy(Schedule, { id: In(unique) }),
      manager.findBy(ScheduleHoliday, { scheduleId: In(unique) }),
    ]);
    return new Map(rows.map((s) => [s.id, {
      timezone: s.timezone,
      weeklyHours: s.weeklyHours,
      holidays: holidays.filter((h) => h.scheduleId === s.id)
        .map((h) => ({ name: h.name, date: h.date, isYearly: h.isYearly, startMinute: h.startMinute, endMinute: h.endMinute })),
    }]));
  }

  /** Open tickets per agent, counted over tickets_staff_state_scope_idx. */
  private async openCounts(manager: EntityManager, staffIds: number[]): Promise<Map<number, number>> {
    if (staffIds.length === 0) return new Map();
    const rows: { staffId: number | string; n: number | string }[] = await manager.getRepository(Ticket).createQueryBuilder('t')
      .select('t.staffId', 'staffId').addSelect('COUNT(*)', 'n')
      .where('t.staffId IN (:...ids)', { ids: staffIds }).andWhere('t.state = :state', { state: 'open' })
      .groupBy('t.staffId').getRawMany();
    return new Map(rows.map((r) => [Number(r.staffId), Number(r.n)]));
  }

  /** The cursor as committed now: on MySQL a locking read, so a concurrent intake waits for ours to commit. */
  private async readCursor(manager: EntityManager, group: Group): Promise<number | null> {
    const entity = group.kind === 'team' ? Team : Department;
    const qb = manager.getRepository<Team | Department>(entity).createQueryBuilder('g').where('g.id = :id', { id: group.id });
    // SQLite has one writer at a time (database/sqlite-serializer.ts): no lock to take there.
    if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
    return (await qb.getOne())?.lastAssignedStaffId ?? null;
  }

  /** Moves the cursor only if nobody moved it since we read it; false means choose again. */
  private async moveCursor(manager: EntityManager, group: Group, from: number | null, to: number): Promise<boolean> {
    // CASE: the same agent again (the only one available) changes no row, which MySQL reports as 0 affected.
    if (from === to) return true;
    const result = await manager.createQueryBuilder().update(group.kind === 'team' ? Team : Department)
      .set({ lastAssignedStaffId: to })
      .where('id = :id', { id: group.id })
      .andWhere(from === null ? 'last_assigned_staff_id IS NULL' : 'last_assigned_staff_id = :from', { from })
      .execute();
    return result.affected === 1;
  }

  private async agentName(manager: EntityManager, candidates: Candidate[], id: number): Promise<string> {
    const known = candidates.find((c) => c.id === id);
    if (known) return known.name;
    const agent = await manager.findOneBy(Staff, { id });
    return agent?.name ?? `agent #${id}`;
  }
}
