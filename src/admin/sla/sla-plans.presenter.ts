import { Injectable } from '@nestjs/common';
import { FormErrors, FormState, Option } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import type { Schedule } from '../../sla/schedule.entity';
import type { SlaPlan } from '../../sla/sla-plan.entity';
import type { SlaPlanListItem } from '../../sla/sla-plans-admin.service';
import type { SlaPreview } from '../../sla/sla-preview.service';
import { describePlanUsage } from '../../sla/sla-usage';
import { adminPage } from '../admin-nav';
import { checkedOf, Submitted, textOf } from '../catalog/catalog-forms';
import { durationText, zonedText } from './zoned-time';

export interface SlaPlanFormValues {
  name: string;
  firstResponseHours: string;
  resolutionHours: string;
  scheduleId: string;
  alertsEnabled: boolean;
  isActive: boolean;
  isDefault: boolean;
}

export interface SlaPreviewValues {
  planId: string;
  start: string;
  timezone: string;
}

/** Builds the SLA plan pages' view-models (list, form, preview). */
@Injectable()
export class SlaPlansPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/sla`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;

  list(items: SlaPlanListItem[], q: string) {
    return {
      ...adminPage('sla', this.config.basePath, 'SLA Plans'),
      q,
      newUrl: `${this.listUrl()}/new`,
      previewUrl: `${this.listUrl()}/preview`,
      schedulesUrl: `${this.base}/scp/admin/schedules`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No SLA plan matches “${q}”.` : 'No SLA plans yet.',
      rows: items.map(({ plan: p, scheduleName, usage }) => ({
        id: p.id,
        name: p.name,
        editUrl: this.editUrl(p.id),
        firstResponse: p.firstResponseHours === null ? null : `${p.firstResponseHours} h`,
        resolution: `${p.resolutionHours} h`,
        hoursName: scheduleName ?? 'Calendar hours',
        alertsEnabled: p.alertsEnabled,
        isActive: p.isActive,
        isDefault: p.isDefault,
        usageText: describePlanUsage(usage),
      })),
    };
  }

  form(detail: SlaPlanListItem | null, schedules: Schedule[], form: FormState<SlaPlanFormValues>) {
    const p = detail?.plan;
    return {
      ...adminPage('sla', this.config.basePath, p ? `SLA plan: ${p.name}` : 'New SLA plan'),
      isNew: !p,
      action: p ? this.editUrl(p.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form,
      options: { schedules: schedules.map((s): Option => ({ id: s.id, name: `${s.name} (${s.timezone})`, selected: false })) },
      plan: p ? {
        id: p.id,
        name: p.name,
        deleteUrl: `${this.editUrl(p.id)}/delete`,
        previewUrl: `${this.listUrl()}/preview?planId=${p.id}`,
        usageText: describePlanUsage(detail!.usage),
      } : null,
    };
  }

  values(p: SlaPlan | null): FormState<SlaPlanFormValues> {
    return {
      values: {
        name: p?.name ?? '',
        firstResponseHours: p?.firstResponseHours === null || p?.firstResponseHours === undefined ? '' : String(p.firstResponseHours),
        resolutionHours: p ? String(p.resolutionHours) : '',
        scheduleId: p?.scheduleId ? String(p.scheduleId) : '',
        alertsEnabled: p?.alertsEnabled ?? true,
        isActive: p?.isActive ?? true,
        isDefault: p?.isDefault ?? false,
      },
      errors: {},
    };
  }

  submitted(body: Submitted, errors: FormErrors): FormState<SlaPlanFormValues> {
    return {
      values: {
        name: textOf(body, 'name'), firstResponseHours: textOf(body, 'firstResponseHours'), resolutionHours: textOf(body, 'resolutionHours'),
        scheduleId: textOf(body, 'scheduleId'), alertsEnabled: checkedOf(body, 'alertsEnabled'), isActive: checkedOf(body, 'isActive'),
        isDefault: checkedOf(body, 'isDefault'),
      },
      errors,
    };
  }

  /** The preview page: the form, and the due times with the hours that counted once a plan and start are given. */
  preview(plans: SlaPlan[], form: FormState<SlaPreviewValues>, zones: string[], result: SlaPreview | null) {
    const zone = form.values.timezone;
    let cumulative = 0;
    return {
      ...adminPage('sla', this.config.basePath, 'SLA preview'),
      action: `${this.listUrl()}/preview`,
      listUrl: this.listUrl(),
      form,
      zones,
      options: { plans: plans.map((p): Option => ({ id: p.id, name: p.isActive ? p.name : `${p.name} (disabled)`, selected: false })) },
      result: result ? {
        planName: result.plan.name,
        hoursName: result.timezone ? `business hours in ${result.timezone}` : 'calendar hours',
        zone,
        startedAt: zonedText(result.startedAt, zone),
        firstResponseDue: result.firstResponseDueAt ? zonedText(result.firstResponseDueAt, zone) : null,
        firstResponseHours: result.plan.firstResponseHours,
        resolutionDue: zonedText(result.resolutionDueAt, zone),
        resolutionHours: result.plan.resolutionHours,
        resolutionDueIso: result.resolutionDueAt.toISOString(),
        firstResponseDueIso: result.firstResponseDueAt?.toISOString() ?? null,
        intervals: result.intervals.map((i) => {
          const ms = i.end.getTime() - i.start.getTime();
          cumulative += ms;
          return { start: zonedText(i.start, zone), end: zonedText(i.end, zone), duration: durationText(ms), total: durationText(cumulative) };
        }),
      } : null,
    };
  }
}
