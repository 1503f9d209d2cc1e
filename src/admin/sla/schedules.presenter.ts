import { Injectable } from '@nestjs/common';
import { FormErrors, FormState, Option } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import type { WeeklyHoursSpec } from '../../sla/business-hours';
import { SCHEDULE_PRESETS } from '../../sla/schedule-presets';
import type { Schedule } from '../../sla/schedule.entity';
import type { ScheduleDetail } from '../../sla/schedules-admin.service';
import { adminPage } from '../admin-nav';
import { Submitted, textOf } from '../catalog/catalog-forms';
import { clockText } from './schedule-form';

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Blank rows offered under the filled ones, so a window or a holiday can be added without JavaScript. */
const BLANK_ROWS = 3;

interface HourRow { weekday: string; start: string; end: string; error: string | null }
interface HolidayRow { name: string; date: string; repeat: string; start: string; end: string; error: string | null }

export interface ScheduleFormValues {
  name: string;
  timezone: string;
  hours: HourRow[];
  holidays: HolidayRow[];
}

const listOf = (body: Submitted, key: string): string[] => {
  const value = body[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === 'string' ? v : ''));
};

/** "Mon-Fri 08:00-17:00; Sat 09:00-12:00" */
export function hoursSummary(hours: WeeklyHoursSpec[]): string {
  const byDay = WEEKDAY_NAMES.map((_, day) => hours.filter((h) => h.weekday === day)
    .sort((a, b) => a.startMinute - b.startMinute).map((h) => `${clockText(h.startMinute)}-${clockText(h.endMinute)}`).join(', '));
  const groups: { days: number[]; windows: string }[] = [];
  // Monday first, Sunday last, as a working week reads.
  for (const day of [1, 2, 3, 4, 5, 6, 0]) {
    if (!byDay[day]) continue;
    const last = groups[groups.length - 1];
    if (last && last.windows === byDay[day] && (last.days[last.days.length - 1] + 1) % 7 === day) last.days.push(day);
    else groups.push({ days: [day], windows: byDay[day] });
  }
  const short = (d: number) => WEEKDAY_NAMES[d].slice(0, 3);
  return groups.map((g) => `${g.days.length > 1 ? `${short(g.days[0])}-${short(g.days[g.days.length - 1])}` : short(g.days[0])} ${g.windows}`).join('; ');
}

/** Builds the schedules pages' view-models. */
@Injectable()
export class SchedulesPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/schedules`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;

  list(items: { schedule: Schedule; plans: number; holidays: number }[], q: string) {
    return {
      ...adminPage('schedules', this.config.basePath, 'Schedules'),
      q,
      newUrl: `${this.listUrl()}/new`,
      presetUrl: `${this.listUrl()}/preset`,
      presets: SCHEDULE_PRESETS.map((p) => ({ key: p.key, name: p.name })),
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No schedule matches “${q}”.` : 'No schedules yet.',
      rows: items.map(({ schedule: s, plans, holidays }) => ({
        id: s.id, name: s.name, editUrl: this.editUrl(s.id), timezone: s.timezone, hours: hoursSummary(s.weeklyHours), holidays, plans,
      })),
    };
  }

  form(detail: ScheduleDetail | null, form: FormState<ScheduleFormValues>, zones: string[]) {
    const s = detail?.schedule;
    const blankHours = Array.from({ length: BLANK_ROWS }, (): HourRow => ({ weekday: '', start: '', end: '', error: null }));
    const blankHolidays = Array.from({ length: BLANK_ROWS }, (): HolidayRow => ({ name: '', date: '', repeat: 'once', start: '', end: '', error: null }));
    return {
      ...adminPage('schedules', this.config.basePath, s ? `Schedule: ${s.name}` : 'New schedule'),
      isNew: !s,
      action: s ? this.editUrl(s.id) : this.listUrl(),
      listUrl: this.listUrl(),
      zones,
      weekdays: WEEKDAY_NAMES.map((name, id): Option => ({ id, name, selected: false })),
      form,
      hourRows: [...form.values.hours, ...blankHours].map((row, i) => ({ ...row, index: i })),
      holidayRows: [...form.values.holidays, ...blankHolidays].map((row, i) => ({ ...row, index: i, isYearly: row.repeat === 'yearly' })),
      schedule: s ? {
        id: s.id,
        name: s.name,
        deleteUrl: `${this.editUrl(s.id)}/delete`,
        plans: detail!.plans.map((p) => ({ name: p.name, editUrl: `${this.base}/scp/admin/sla/${p.id}` })),
      } : null,
    };
  }

  values(detail: ScheduleDetail | null): FormState<ScheduleFormValues> {
    const s = detail?.schedule;
    return {
      values: {
        name: s?.name ?? '',
        timezone: s?.timezone ?? 'America/New_York',
        hours: (s?.weeklyHours ?? []).map((h) => ({ weekday: String(h.weekday), start: clockText(h.startMinute), end: clockText(h.endMinute), error: null })),
        holidays: (detail?.holidays ?? []).map((h) => ({
          name: h.name, date: h.date, repeat: h.isYearly ? 'yearly' : 'once', start: clockText(h.startMinute), end: clockText(h.endMinute), error: null,
        })),
      },
      errors: {},
    };
  }

  /** What the admin typed, blank rows dropped, each row with its message. */
  submitted(body: Submitted, errors: FormErrors): FormState<ScheduleFormValues> {
    const [weekday, start, end] = ['weekday', 'start', 'end'].map((k) => listOf(body, k));
    const [name, date, repeat, hStart, hEnd] = ['holidayName', 'holidayDate', 'holidayRepeat', 'holidayStart', 'holidayEnd'].map((k) => listOf(body, k));
    const hours: HourRow[] = [];
    for (let i = 0; i < Math.max(weekday.length, start.length, end.length); i++) {
      if (!start[i]?.trim() && !end[i]?.trim() && !errors[`weeklyHours.${i}`]) continue;
      hours.push({ weekday: weekday[i] ?? '', start: start[i] ?? '', end: end[i] ?? '', error: errors[`weeklyHours.${i}`] ?? null });
    }
    const holidays: HolidayRow[] = [];
    for (let i = 0; i < Math.max(name.length, date.length, hStart.length, hEnd.length); i++) {
      const rowErrors = ['name', 'date', 'startMinute', 'endMinute'].map((f) => errors[`holidays.${i}.${f}`]).filter(Boolean);
      if (![name[i], date[i], hStart[i], hEnd[i]].some((v) => v?.trim()) && rowErrors.length === 0) continue;
      holidays.push({
        name: name[i] ?? '', date: date[i] ?? '', repeat: repeat[i] === 'yearly' ? 'yearly' : 'once', start: hStart[i] ?? '', end: hEnd[i] ?? '',
        error: rowErrors.length > 0 ? rowErrors.join(' ') : null,
      });
    }
    return { values: { name: textOf(body, 'name'), timezone: textOf(body, 'timezone'), hours, holidays }, errors };
  }
}
