import { Injectable } from '@nestjs/common';
import type { Attachment } from '../attachments/attachment.entity';
import { formatSize } from '../common/format-size';
import { FormErrors, Option, ThreadEntryVM } from '../common/view-models';
import { AppConfig } from '../config/app-config';
import type { Department } from '../departments/department.entity';
import type { CustomField } from '../forms/custom-field.entity';
import { fieldInputs, fieldValues } from '../forms/field-view';
import type { SubmittedValue } from '../forms/field-values';
import type { TicketAnswer } from '../forms/ticket-fields.service';
import type { HelpTopic } from '../help-topics/help-topic.entity';
import type { UploadLimits } from '../portal/portal.view-models';
import type { SlaPlan } from '../sla/sla-plan.entity';
import type { TicketSlaView } from '../sla/sla-timeline.service';
import type { Staff } from '../staff/staff.entity';
import type { ThreadView } from '../threads/thread.service';
import type { Priority } from '../tickets/priority.entity';
import type { TicketStatus } from '../tickets/ticket-status.entity';
import { COUNT_CAP, QUEUE_KEYS, QUEUE_NAMES, QueueKey, QueuePage } from '../tickets/ticket-queues.service';
import type { Ticket } from '../tickets/ticket.entity';
import { QueueNavItem, QueueRowVM, ScpLoginVM, ScpQueueVM, ScpTicketVM, TicketPropertiesVM, TicketSlaVM } from './scp.view-models';

export const SCP_LAYOUT = 'layouts/scp';

/** The one message for every failed login, so it never tells which half was wrong or that an account is locked. */
export const LOGIN_NOTICE = 'Wrong username or password, or the account is locked.';

const EMPTY_MESSAGES: Record<QueueKey, string> = {
  open: 'No open tickets. Nice work.',
  mine: 'Nothing is assigned to you.',
  closed: 'No closed tickets yet.',
};

/** Everything a ticket page offers in its selects, as the options service lists them. */
export interface TicketOptionLists {
  statuses: TicketStatus[];
  priorities: Priority[];
  departments: Department[];
  topics: HelpTopic[];
  slaPlans: SlaPlan[];
  agents: Staff[];
}

export type TicketForms = ScpTicketVM['forms'];
export type TicketFormName = keyof TicketForms;

/** What a re-rendered ticket page keeps from the failed submission. */
export interface TicketPageState {
  form?: { name: TicketFormName; values: Record<string, string>; errors: FormErrors };
  openForm?: string | null;
  /** A failed "Edit details" submission: the `cf_*` answers typed and their messages. */
  fields?: { typed: Record<string, SubmittedValue>; errors: FormErrors };
}

export interface TicketPageData {
  ticket: Ticket;
  thread: ThreadView;
  options: TicketOptionLists;
  counts: Record<QueueKey, number>;
  limits: UploadLimits;
  /** The ticket's custom field answers, and the fields agents may edit (its topic's). */
  customFields?: { answers: TicketAnswer[]; editable: CustomField[] };
  /** The ticket's SLA (due times, pauses, timeline). */
  sla?: TicketSlaView;
  /** The ticket's collaborators (CCs), read-only here. */
  collaborators?: { name: string; email: string }[];
}

/** Builds the staff panel's view-models from entities. Pure apart from the base path it reads from config. */
@Injectable()
export class ScpPresenter {
  private readonly base: string;

  constructor(config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  url(path: string): string {
    return this.base + path;
  }

  ticketUrl(id: number): string {
    return this.url(`/scp/tickets/${id}`);
  }

  /**
   * The `next` a login may return to: only our own staff panel paths (SECURITY 12). Anything else,
   * including protocol-relative `//host` and backslash tricks, is dropped.
   */
  safeNext(next: unknown): string | null {
    if (typeof next !== 'string' || next.length > 2000) return null;
    const own = this.url('/scp');
    // eslint-disable-next-line no-control-regex
    if (next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
    const ok = next === own || next.startsWith(`${own}/`) || next.startsWith(`${own}?`);
    return ok ? next : null;
  }

  login(values: { username: string; next: string }, notice: string | null): ScpLoginVM {
    return { title: 'Staff log in', form: { values, errors: {} }, notice };
  }

  nav(counts: Record<QueueKey, number>, active: QueueKey | null): QueueNavItem[] {
    return QUEUE_KEYS.map((key) => ({
      key,
      name: QUEUE_NAMES[key],
      countLabel: counts[key] > COUNT_CAP ? `${COUNT_CAP}+` : String(counts[key]),
      url: this.queueUrl(key),
      active: key === active,
    }));
  }

  queue(key: QueueKey, before: number | null, page: QueuePage, counts: Record<QueueKey, number>): ScpQueueVM {
    return {
      title: QUEUE_NAMES[key],
      nav: this.nav(counts, key),
      queue: { key, name: QUEUE_NAMES[key] },
      rows: page.tickets.map((t) => this.row(t)),
      nextUrl: page.nextBefore === null ? null : `${this.queueUrl(key)}&before=${page.nextBefore}`,
      firstUrl: before === null ? null : this.queueUrl(key),
      emptyMessage: EMPTY_MESSAGES[key],
    };
  }

  ticket(data: TicketPageData, state: TicketPageState = {}): ScpTicketVM {
    const { ticket, options } = data;
    const entries = this.entries(data.thread);
    const forms: TicketForms = {
      reply: { values: { message: '', statusId: '' }, errors: {} },
      note: { values: { title: '', message: '', statusId: '' }, errors: {} },
      status: { values: { statusId: '', comment: '' }, errors: {} },
    };
    if (state.form) {
      const { name, values, errors } = state.form;
      const defaults = forms[name].values as Record<string, string>;
      const kept = Object.fromEntries(Object.keys(defaults).map((k) => [k, values[k] ?? '']));
      (forms as Record<TicketFormName, { values: Record<string, string>; errors: FormErrors }>)[name] = { values: kept, errors };
    }
    return {
      title: `#${ticket.number} ${ticket.subject}`,
      nav: this.nav(data.counts, null),
      ticket: this.properties(ticket),
      entries,
      lastEntryId: entries.length > 0 ? entries[entries.length - 1].id : 0,
      actionBase: this.ticketUrl(ticket.id),
      options: {
        statuses: options.statuses.map((s) => option(s.id, s.name, ticket.statusId)),
        priorities: options.priorities.map((p) => option(p.id, p.name, ticket.priorityId)),
        departments: options.departments.map((d) => option(d.id, d.name, ticket.departmentId)),
        topics: options.topics.map((t) => option(t.id, t.fullName, ticket.helpTopicId)),
        slaPlans: options.slaPlans.map((p) => option(p.id, p.name, ticket.slaPlanId)),
        agents: options.agents.map((a) => option(a.id, a.name, ticket.staffId)),
      },
      forms,
      openForm: state.openForm ?? state.form?.name ?? null,
      limits: data.limits,
      customFields: this.customFields(data.customFields ?? { answers: [], editable: [] }, state.fields),
      sla: data.sla ? slaCard(data.sla) : undefined,
      collaborators: (data.collaborators ?? []).map((c) => `${c.name} <${c.email}>`),
    };
  }

  /** The answers shown on the page, and the "Edit details" form filled with them (or with what was typed). */
  private customFields(data: { answers: TicketAnswer[]; editable: CustomField[] }, failed?: TicketPageState['fields']): ScpTicketVM['customFields'] {
    const stored = new Map(data.answers.map((a) => [a.field.id, a.value]));
    return {
      values: fieldValues(data.answers),
      form: { title: null, instructions: null, fields: fieldInputs(data.editable, { idPrefix: 'edit-cf', stored, typed: failed?.typed, errors: failed?.errors }) },
    };
  }

  /** The whole thread, oldest first; events carry their sentence in `eventText`. */
  entries(thread: ThreadView): ThreadEntryVM[] {
    return thread.entries.map((e) => ({
      id: e.id,
      kind: e.type,
      authorName: e.posterName,
      createdAt: iso(e.createdAt),
      title: e.title,
      body: e.body,
      eventText: e.type === 'event' ? e.body : null,
      attachments: (thread.attachmentsByEntry.get(e.id) ?? []).map((a) => this.attachment(a)),
      isNew: false,
    }));
  }

  private attachment(a: Attachment) {
    return { id: a.id, name: a.fileName, sizeLabel: formatSize(a.size), url: this.url(`/scp/attachments/${a.id}`) };
  }

  private row(t: Ticket): QueueRowVM {
    return {
      id: t.id,
      number: t.number,
      subject: t.subject,
      userName: t.user.name,
      userEmail: t.user.email,
      createdAt: iso(t.createdAt),
      lastActivityAt: lastActivity(t),
      statusName: t.status.name,
      priorityName: t.priority.name,
      priorityClass: `priority-${t.priority.cssClass}`,
      departmentName: t.department.name,
      assigneeName: t.assignee?.name ?? null,
      isAnswered: t.isAnswered,
      isOverdue: t.isOverdue,
      dueAt: t.slaDueAt ? iso(t.slaDueAt) : null,
      isPaused: t.state === 'open' && t.slaPausedAt !== null,
      url: this.ticketUrl(t.id),
    };
  }

  private properties(t: Ticket): TicketPropertiesVM {
    return {
      id: t.id,
      number: t.number,
      subject: t.subject,
      statusName: t.status.name,
      statusState: t.status.state,
      priorityName: t.priority.name,
      priorityClass: `priority-${t.priority.cssClass}`,
      departmentName: t.department.name,
      topicName: t.helpTopic?.fullName ?? null,
      slaName: t.slaPlan?.name ?? null,
      assigneeName: t.assignee?.name ?? null,
      source: t.source,
      createdAt: iso(t.createdAt),
      lastActivityAt: lastActivity(t),
      closedAt: t.closedAt ? iso(t.closedAt) : null,
      isAnswered: t.isAnswered,
      user: { name: t.user.name, email: t.user.email, phone: t.user.phone },
      firstResponseDueAt: t.firstResponseDueAt ? iso(t.firstResponseDueAt) : null,
      resolutionDueAt: t.resolutionDueAt ? iso(t.resolutionDueAt) : null,
      dueAt: t.slaDueAt ? iso(t.slaDueAt) : null,
      isOverdue: t.isOverdue,
    };
  }

  private queueUrl(key: QueueKey): string {
    return this.url(`/scp/tickets?queue=${key}`);
  }
}

const TIMELINE_TONES: Record<string, TicketSlaVM['timeline'][number]['tone']> = {
  first_response_met: 'ok', resolution_met: 'ok', first_response_breached: 'warn', resolution_breached: 'warn', paused: 'muted', resumed: 'muted',
};

/** The SLA card of the ticket page. */
function slaCard(sla: TicketSlaView): TicketSlaVM {
  return {
    planName: sla.planName,
    hoursName: sla.hoursName,
    isPaused: sla.isPaused,
    pauseReason: sla.pauseReason,
    isOverdue: sla.isOverdue,
    manualDueAt: sla.manualDueAt ? iso(sla.manualDueAt) : null,
    effectiveDueAt: sla.effectiveDueAt ? iso(sla.effectiveDueAt) : null,
    timeline: sla.timeline.map((e) => ({ at: iso(e.at), kind: e.kind, note: e.note, tone: TIMELINE_TONES[e.kind] ?? null })),
    dueForm: { value: sla.manualDueLocal, timezone: sla.timezone },
  };
}

function option(id: number, name: string, current: number | null): Option {
  return { id, name, selected: id === current };
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The newest of the user's last message, the last staff response and the last field change. */
function lastActivity(t: Ticket): string {
  const times = [t.lastMessageAt, t.lastResponseAt, t.updatedAt].filter((d): d is Date => !!d).map((d) => new Date(d).getTime());
  return new Date(Math.max(...times)).toISOString();
}
