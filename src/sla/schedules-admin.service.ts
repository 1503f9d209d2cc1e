import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { HolidaySpec, validateSchedule, WeeklyHoursSpec } from './business-hours';
import { schedulePreset, SchedulePresetKey, SCHEDULE_PRESETS } from './schedule-presets';
import { ScheduleHoliday } from './schedule-holiday.entity';
import { Schedule } from './schedule.entity';
import { SlaPlan } from './sla-plan.entity';
import { count, plansBySchedule } from './sla-usage';

export interface ScheduleInput {
  name: string;
  timezone: string;
  weeklyHours: WeeklyHoursSpec[];
  holidays: HolidaySpec[];
}

export interface ScheduleDetail {
  schedule: Schedule;
  holidays: ScheduleHoliday[];
  plans: SlaPlan[];
}

/** What the audit log keeps of a schedule. */
const snapshot = (s: Schedule, holidays: HolidaySpec[]) => ({
  name: s.name, timezone: s.timezone,
  weeklyHours: s.weeklyHours.map((h) => ({ weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
  holidays: holidays.map((h) => ({ name: h.name, date: h.date, isYearly: h.isYearly, startMinute: h.startMinute, endMinute: h.endMinute })),
});
const target = (s: Schedule) => ({ type: 'schedule', id: s.id, label: s.name });

/** The IANA name as Intl spells it ("america/new_york" -> "America/New_York"); the text itself when unknown. */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}

/**
 * Business-hours schedules as admins manage them: unique names, a known time zone, working windows that
 * neither overlap nor run backwards, valid holidays (whole or partial day, one-off or yearly); ready-made
 * presets; deletes refused while a plan counts in the schedule. Every change is audited in its transaction.
 */
@Injectable()
export class SchedulesAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(q: string): Promise<{ schedule: Schedule; plans: number; holidays: number }[]> {
    const query = this.db.getRepository(Schedule).createQueryBuilder('s').orderBy('s.name', 'ASC');
    if (q) query.where("LOWER(s.name) LIKE :q ESCAPE '!'", { q: containsPattern(q.toLowerCase()) });
    const [schedules, plans] = await Promise.all([query.getMany(), plansBySchedule(this.db.manager)]);
    const holidays: { id: number | string; n: number | string }[] = await this.db.getRepository(ScheduleHoliday).createQueryBuilder('h')
      .select('h.scheduleId', 'id').addSelect('COUNT(*)', 'n').groupBy('h.scheduleId').getRawMany();
    const holidayCounts = new Map(holidays.map((r) => [Number(r.id), Number(r.n)]));
    return schedules.map((schedule) => ({ schedule, plans: plans.get(schedule.id) ?? 0, holidays: holidayCounts.get(schedule.id) ?? 0 }));
  }

  async detail(id: number): Promise<ScheduleDetail> {
    const schedule = await this.db.getRepository(Schedule).findOneBy({ id });
    if (!schedule) throw notFound('schedule');
    const [holidays, plans] = await Promise.all([
      this.db.getRepository(ScheduleHoliday).find({ where: { scheduleId: id }, order: { date: 'ASC', id: 'ASC' } }),
      this.db.getRepository(SlaPlan).find({ where: { scheduleId: id }, order: { name: 'ASC' } }),
    ]);
    return { schedule, holidays, plans };
  }

  async create(actor: AuditActor, input: ScheduleInput, preset?: SchedulePresetKey): Promise<Schedule> {
    const clean = this.check(input);
    return this.write(async (m) => {
      await this.checkName(m, null, clean.name);
      const schedule = await m.save(m.create(Schedule, { name: clean.name, timezone: clean.timezone, weeklyHours: clean.weeklyHours }));
      await this.saveHolidays(m, schedule.id, clean.holidays);
      await this.audit.record(actor, {
        action: 'schedule.created', target: target(schedule), after: { ...snapshot(schedule, clean.holidays), ...(preset ? { preset } : {}) },
      }, m);
      return schedule;
    });
  }

  /**
   * A schedule from a preset (24/7, 24/5, Mon-Fri 8-17 with the US holidays of this year and the next), named
   * after it; "(2)", "(3)"... when the name is taken.
   */
  async createFromPreset(actor: AuditActor, key: string): Promise<Schedule> {
    const known = SCHEDULE_PRESETS.find((p) => p.key === key);
    if (!known) throw invalidField('preset', 'Choose a preset from the list.');
    const year = this.clock.now().getUTCFullYear();
    const preset = schedulePreset(known.key, { fromYear: year, toYear: year + 1 });
    const taken = new Set((await this.db.getRepository(Schedule).find({ select: { name: true } })).map((s) => s.name));
    let name = preset.name;
    for (let n = 2; taken.has(name); n++) name = `${preset.name} (${n})`;
    return this.create(actor, { ...preset, name }, known.key);
  }

  async update(actor: AuditActor, id: number, input: ScheduleInput): Promise<Schedule> {
    const clean = this.check(input);
    return this.write(async (m) => {
      const schedule = await m.findOneBy(Schedule, { id });
      if (!schedule) throw notFound('schedule');
      await this.checkName(m, id, clean.name);
      const before = snapshot(schedule, await m.find(ScheduleHoliday, { where: { scheduleId: id }, order: { date: 'ASC', id: 'ASC' } }));
      Object.assign(schedule, { name: clean.name, timezone: clean.timezone, weeklyHours: clean.weeklyHours });
      await m.save(schedule);
      await m.delete(ScheduleHoliday, { scheduleId: id });
      await this.saveHolidays(m, id, clean.holidays);
      const diff = changedFields(before, snapshot(schedule, clean.holidays));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'schedule.updated', target: target(schedule), ...diff }, m);
      return schedule;
    });
  }

  /** Deletes a schedule no plan counts in (its holidays go with it); otherwise names the plans (409). */
  async delete(actor: AuditActor, id: number): Promise<Schedule> {
    try {
      return await this.write(async (m) => {
        const schedule = await m.findOneBy(Schedule, { id });
        if (!schedule) throw notFound('schedule');
        const plans = await m.find(SlaPlan, { where: { scheduleId: id }, order: { name: 'ASC' } });
        if (plans.length > 0) {
          throw new DomainError('conflict', `The schedule “${schedule.name}” is used by ${count(plans.length, 'SLA plan', 'SLA plans')} `
            + `(${plans.map((p) => p.name).join(', ')}); point them at another schedule first.`);
        }
        const holidays = await m.find(ScheduleHoliday, { where: { scheduleId: id }, order: { date: 'ASC', id: 'ASC' } });
        await m.delete(Schedule, { id });
        await this.audit.record(actor, { action: 'schedule.deleted', target: target(schedule), before: snapshot(schedule, holidays) }, m);
        return schedule;
      });
    } catch (err) {
      if (isConstraintViolation(err, 'foreign_key')) throw new DomainError('conflict', 'The schedule is still in use elsewhere.');
      throw err;
    }
  }

  /** The rules of validateSchedule, plus a name; 422 with every message (nothing saved). Windows come back sorted. */
  private check(input: ScheduleInput): ScheduleInput {
    const clean = { ...input, timezone: canonicalZone(input.timezone.trim()) };
    const errors = validateSchedule(clean);
    if (input.name.trim() === '') errors.name = 'Enter a name.';
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Check the highlighted fields.', errors);
    return { ...clean, weeklyHours: [...clean.weeklyHours].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute) };
  }

  private async checkName(m: EntityManager, id: number | null, name: string): Promise<void> {
    if (await m.existsBy(Schedule, { name, ...(id ? { id: Not(id) } : {}) })) throw invalidField('name', `A schedule named “${name}” already exists.`);
  }

  private async saveHolidays(m: EntityManager, scheduleId: number, holidays: HolidaySpec[]): Promise<void> {
    if (holidays.length === 0) return;
    await m.insert(ScheduleHoliday, holidays.map((h) => ({
      scheduleId, name: h.name.trim(), date: h.date, isYearly: h.isYearly, startMinute: h.startMinute, endMinute: h.endMinute,
    })));
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'A schedule with this name already exists.');
      throw err;
    }
  }
}
