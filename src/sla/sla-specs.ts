import { EntityManager } from 'typeorm';
import { HolidaySpec, ScheduleSpec } from './business-hours';
import { SlaPlanSpec } from './sla-calculator';
import { ScheduleHoliday } from './schedule-holiday.entity';
import { Schedule } from './schedule.entity';
import { SlaPlan } from './sla-plan.entity';

/** A schedule row and its holidays as the calculator's spec. */
export function scheduleSpec(schedule: Schedule, holidays: ScheduleHoliday[]): ScheduleSpec {
  return {
    timezone: schedule.timezone,
    weeklyHours: schedule.weeklyHours.map((h) => ({ weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
    holidays: holidays.map((h): HolidaySpec => ({ name: h.name, date: h.date, isYearly: h.isYearly, startMinute: h.startMinute, endMinute: h.endMinute })),
  };
}

/** A schedule's spec by id (null when it no longer exists). */
export async function loadScheduleSpec(manager: EntityManager, scheduleId: number): Promise<ScheduleSpec | null> {
  const [schedule, holidays] = await Promise.all([
    manager.findOneBy(Schedule, { id: scheduleId }),
    manager.find(ScheduleHoliday, { where: { scheduleId }, order: { date: 'ASC', id: 'ASC' } }),
  ]);
  return schedule ? scheduleSpec(schedule, holidays) : null;
}

/**
 * A plan and its spec: targets, and the schedule they count in (null = calendar hours). Null when the plan
 * does not exist. CASE: a plan keeps running on the tickets that have it after it is disabled.
 */
export async function loadPlanSpec(manager: EntityManager, planId: number): Promise<{ plan: SlaPlan; spec: SlaPlanSpec } | null> {
  const plan = await manager.findOneBy(SlaPlan, { id: planId });
  if (!plan) return null;
  const schedule = plan.scheduleId === null ? null : await loadScheduleSpec(manager, plan.scheduleId);
  return { plan, spec: { firstResponseHours: plan.firstResponseHours, resolutionHours: plan.resolutionHours, schedule } };
}
