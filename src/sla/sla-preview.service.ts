import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, invalidField } from '../common/errors';
import { SettingsService } from '../settings/settings.service';
import { isValidTimeZone, workingIntervals, WorkingInterval } from './business-hours';
import { instantToLocal, localToInstant } from './local-time';
import { computeSla } from './sla-calculator';
import { SlaPlan } from './sla-plan.entity';
import { loadPlanSpec } from './sla-specs';

export interface SlaPreview {
  plan: SlaPlan;
  /** null = calendar hours. */
  timezone: string | null;
  startedAt: Date;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date;
  /** The working time that counts from the start to the resolution due, in order. */
  intervals: WorkingInterval[];
}

/** Longest preview listed: a year-long calendar-hours target would be one interval anyway; business hours stop here. */
const MAX_INTERVALS = 400;

/** The admin's SLA preview: a plan's due times for a ticket opened at a given instant, and which hours counted. */
@Injectable()
export class SlaPreviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** The form's starting values: the default (or else the first) plan, now, in its schedule's zone (else the settings'). */
  async defaults(planId: number | null): Promise<{ planId: string; start: string; timezone: string }> {
    const plans = this.db.getRepository(SlaPlan);
    const plan = (planId ? await plans.findOneBy({ id: planId }) : null)
      ?? (await plans.findOneBy({ isDefault: true, isActive: true })) ?? (await plans.find({ order: { id: 'ASC' }, take: 1 }))[0] ?? null;
    const loaded = plan ? await loadPlanSpec(this.db.manager, plan.id) : null;
    const timezone = loaded?.spec.schedule?.timezone ?? (await this.settings.get()).timezone;
    return { planId: plan ? String(plan.id) : '', start: instantToLocal(this.clock.now(), timezone), timezone };
  }

  /** The preview for a start typed as a wall time in `timezone`; a 422 naming the field at fault. */
  async previewLocal(planId: number, start: string, timezone: string): Promise<SlaPreview> {
    const errors: Record<string, string> = {};
    if (!isValidTimeZone(timezone)) errors.timezone = `Unknown time zone "${timezone}"; use an IANA name such as America/New_York.`;
    const startedAt = errors.timezone ? null : localToInstant(start, timezone);
    if (!errors.timezone && !startedAt) errors.start = 'Enter a real date and time, like 2026-11-27 16:00.';
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Check the highlighted fields.', errors);
    return this.preview(planId, startedAt!);
  }

  async preview(planId: number, startedAt: Date): Promise<SlaPreview> {
    const loaded = await loadPlanSpec(this.db.manager, planId);
    if (!loaded) throw invalidField('planId', 'Choose an SLA plan from the list.');
    const { spec, plan } = loaded;
    const result = computeSla({ plan: spec, startedAt, pauses: [], firstRespondedAt: null, resolvedAt: null, now: startedAt });
    const resolutionDueAt = result.resolution.dueAt!;
    const intervals = spec.schedule ? workingIntervals(spec.schedule, startedAt, resolutionDueAt).slice(0, MAX_INTERVALS) : [{ start: startedAt, end: resolutionDueAt }];
    return {
      plan, timezone: spec.schedule?.timezone ?? null, startedAt,
      firstResponseDueAt: result.firstResponse?.dueAt ?? null, resolutionDueAt, intervals,
    };
  }
}
