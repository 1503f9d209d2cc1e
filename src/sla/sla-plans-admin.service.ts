import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { validateSlaPlan } from './sla-calculator';
import { Schedule } from './schedule.entity';
import { SlaPlan } from './sla-plan.entity';
import { describePlanUsage, SlaPlanUsage, slaPlanUsage } from './sla-usage';

export interface SlaPlanInput {
  name: string;
  firstResponseHours: number | null;
  resolutionHours: number;
  /** null = calendar hours. */
  scheduleId: number | null;
  alertsEnabled: boolean;
  isActive: boolean;
  isDefault: boolean;
}

export interface SlaPlanListItem {
  plan: SlaPlan;
  scheduleName: string | null;
  usage: SlaPlanUsage;
}

/** What the audit log keeps of a plan. */
export const slaPlanSnapshot = (p: SlaPlan) => ({
  name: p.name, firstResponseHours: p.firstResponseHours, resolutionHours: p.resolutionHours, scheduleId: p.scheduleId,
  alertsEnabled: p.alertsEnabled, isActive: p.isActive, isDefault: p.isDefault,
});

const target = (p: SlaPlan) => ({ type: 'sla_plan', id: p.id, label: p.name });

/**
 * SLA plans as admins manage them: unique names, targets in whole hours (first response no longer than
 * resolution), an existing schedule or calendar hours, at most one default (enabled) plan, which new tickets
 * get when neither their help topic nor their department names one (none flagged: no SLA), and deletes
 * refused while tickets, help topics or departments still use the plan. Every change is
 * audited in its transaction.
 */
@Injectable()
export class SlaPlansAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(q: string): Promise<SlaPlanListItem[]> {
    const query = this.db.getRepository(SlaPlan).createQueryBuilder('p').leftJoinAndSelect('p.schedule', 's').orderBy('p.name', 'ASC');
    if (q) query.where("LOWER(p.name) LIKE :q ESCAPE '!'", { q: containsPattern(q.toLowerCase()) });
    const plans = await query.getMany();
    return Promise.all(plans.map(async (plan) => ({ plan, scheduleName: plan.schedule?.name ?? null, usage: await slaPlanUsage(this.db.manager, plan.id) })));
  }

  async detail(id: number): Promise<SlaPlanListItem> {
    const plan = await this.db.getRepository(SlaPlan).findOne({ where: { id }, relations: { schedule: true } });
    if (!plan) throw notFound('SLA plan');
    return { plan, scheduleName: plan.schedule?.name ?? null, usage: await slaPlanUsage(this.db.manager, id) };
  }

  /** Plans for the preview's select, enabled ones first. */
  listAll(): Promise<SlaPlan[]> {
    return this.db.getRepository(SlaPlan).find({ order: { isActive: 'DESC', name: 'ASC' } });
  }

  listSchedules(): Promise<Schedule[]> {
    return this.db.getRepository(Schedule).find({ order: { name: 'ASC' } });
  }

  async create(actor: AuditActor, input: SlaPlanInput): Promise<SlaPlan> {
    return this.write(async (m) => {
      await this.check(m, null, input);
      const plan = await m.save(m.create(SlaPlan, { ...input }));
      await this.audit.record(actor, { action: 'sla_plan.created', target: target(plan), after: slaPlanSnapshot(plan) }, m);
      if (plan.isDefault) await this.clearOtherDefaults(actor, m, plan.id);
      return plan;
    });
  }

  async update(actor: AuditActor, id: number, input: SlaPlanInput): Promise<SlaPlan> {
    return this.write(async (m) => {
      const plan = await this.load(m, id);
      await this.check(m, plan, input);
      const before = slaPlanSnapshot(plan);
      Object.assign(plan, input);
      await m.save(plan);
      const diff = changedFields(before, slaPlanSnapshot(plan));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'sla_plan.updated', target: target(plan), ...diff }, m);
      if (plan.isDefault) await this.clearOtherDefaults(actor, m, plan.id);
      return plan;
    });
  }

  /** Deletes a plan nothing uses any more; otherwise says what still does (409, nothing changed). */
  async delete(actor: AuditActor, id: number): Promise<SlaPlan> {
    try {
      return await this.write(async (m) => {
        const plan = await this.load(m, id);
        const usage = describePlanUsage(await slaPlanUsage(m, id));
        if (usage) throw new DomainError('conflict', `The SLA plan “${plan.name}” is still used by ${usage}; change them first or disable it instead.`);
        await m.delete(SlaPlan, { id });
        await this.audit.record(actor, { action: 'sla_plan.deleted', target: target(plan), before: slaPlanSnapshot(plan) }, m);
        return plan;
      });
    } catch (err) {
      // CASE: something added since the check (an intake filter's action, a new ticket) still refers to it.
      if (isConstraintViolation(err, 'foreign_key')) throw new DomainError('conflict', 'The SLA plan is still in use elsewhere; disable it instead.');
      throw err;
    }
  }

  private async check(m: EntityManager, plan: SlaPlan | null, input: SlaPlanInput): Promise<void> {
    const errors: Record<string, string> = { ...validateSlaPlan(input) };
    if (await m.existsBy(SlaPlan, { name: input.name, ...(plan ? { id: Not(plan.id) } : {}) })) {
      errors.name = `An SLA plan named “${input.name}” already exists.`;
    }
    if (input.scheduleId !== null && !(await m.existsBy(Schedule, { id: input.scheduleId }))) errors.scheduleId = 'Choose a schedule from the list, or calendar hours.';
    if (input.isDefault && !input.isActive) errors.isDefault = 'A disabled plan cannot be the default; enable it first.';
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Check the highlighted fields.', errors);
  }

  private async clearOtherDefaults(actor: AuditActor, m: EntityManager, id: number): Promise<void> {
    const others = await m.findBy(SlaPlan, { isDefault: true, id: Not(id) });
    for (const other of others) {
      await m.update(SlaPlan, { id: other.id }, { isDefault: false });
      await this.audit.record(actor, { action: 'sla_plan.updated', target: target(other), before: { isDefault: true }, after: { isDefault: false } }, m);
    }
  }

  private async load(m: EntityManager, id: number): Promise<SlaPlan> {
    const plan = await m.findOneBy(SlaPlan, { id });
    if (!plan) throw notFound('SLA plan');
    return plan;
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      // CASE: two admins saving the same new name at once: the unique index decides.
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'An SLA plan with this name already exists.');
      throw err;
    }
  }
}
