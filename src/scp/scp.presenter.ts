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
import type { Team } from '../teams/team.entity';
import type { LinkedTicket } from '../ticket-links/ticket-links.service';
import type { LockHolder } from '../ticket-locks/ticket-locks.service';
import type { Ticket } from '../tickets/ticket.entity';
import { QueueCounts, queueNav } from './scp-list.presenter';
import { QueueNavItem, QueueRowVM, ScpLoginVM, ScpTicketPrintVM, ScpTicketVM, TicketPropertiesVM, TicketSlaVM } from './scp.view-models';

export const SCP_LAYOUT = 'layouts/scp';

/** The one message for every failed login, so it never tells which half was wrong or that an account is locked. */
export const LOGIN_NOTICE = 'Wrong username or password, or the account is locked.';

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
  /** A stale form's lastEntryId: the entries after it are highlighted as new. */
  seenEntryId?: number;
  /** The reply form's text and inserted canned responses after "Insert" (no JavaScript). */
  reply?: { message: string; cannedIds: string; statusId: string; appendSignature: string };
}

export interface TicketPageData {
  ticket: Ticket;
  thread: ThreadView;
  options: TicketOptionLists;
  counts: QueueCounts;
  limits: UploadLimits;
  /** The ticket's custom field answers, and the fields agents may edit (its topic's). */
  customFields?: { answers: TicketAnswer[]; editable: CustomField[] };
  /** The ticket's SLA (due times, pauses, timeline). */
  sla?: TicketSlaView;
  /** The ticket's collaborators (CCs). */
  collaborators?: { userId: number; name: string; email: string }[];
  teams?: Team[];
  links?: LinkedTicket[];
  lock?: LockHolder | null;
  canned?: { id: number; title: string }[];
  hasSignature?: boolean;
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

  nav(counts: QueueCounts, active: string | null): QueueNavItem[] {
    return queueNav((path) => this.url(path), counts, active);
  }

  ticket(data: TicketPageData, state: TicketPageState = {}): ScpTicketVM {
    const { ticket, options } = data;
    const entries = this.entries(data.thread, state.seenEntryId);
    const forms: Required<TicketForms> = {
      reply: { values: { message: '', statusId: '', appendSignature: data.hasSignature ? '1' : '', cannedIds: '' }, errors: {} },
      note: { values: { title: '', message: '', statusId: '' }, errors: {} },
      status: { values: { statusId: '', comment: '' }, errors: {} },
      merge: { values: { tickets: '' }, errors: {} },
      link: { values: { number: '', reason: '' }, errors: {} },
    };
    if (state.reply) forms.reply = { values: state.reply, errors: {} };
    if (state.form) {
      const { name, values, errors } = state.form;
      const defaults = forms[name].values as Record<string, string>;
      const kept = Object.fromEntries(Object.keys(defaults).map((k) => [k, values[k] ?? '']));
      // CASE: an unticked checkbox is absent from the submission: keep it unticked, not the default.
      if (name === 'reply') kept.appendSignature = values.appendSignature === '1' ? '1' : '';
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
        teams: (data.teams ?? []).map((team) => option(team.id, team.name, ticket.teamId)),
      },
      forms,
      openForm: state.openForm ?? state.form?.name ?? null,
      limits: data.limits,
      customFields: this.customFields(data.customFields ?? { answers: [], editable: [] }, state.fields),
      sla: data.sla ? slaCard(data.sla) : undefined,
      collaborators: (data.collaborators ?? []).map((c) => ({
        label: `${c.name} <${c.email}>`, name: c.name, removeUrl: `${this.ticketUrl(ticket.id)}/collaborators/${c.userId}/remove`,
      })),
      mergedInto: this.mergedInto(data.links ?? []),
      links: (data.links ?? []).map((l) => ({
        kind: l.kind, number: l.ticket.number, subject: l.ticket.subject, url: this.ticketUrl(l.ticket.id), reason: l.reason,
        isClosed: l.ticket.state !== 'open', unlinkUrl: l.kind === 'related' ? `${this.ticketUrl(ticket.id)}/links/${l.ticket.id}/delete` : null,
      })),
      lock: data.lock ? { name: data.lock.name, replying: data.lock.activity === 'replying' } : null,
      lockUrl: `${this.ticketUrl(ticket.id)}/lock`,
      canned: data.canned ?? [],
      hasSignature: data.hasSignature ?? false,
      printUrl: `${this.ticketUrl(ticket.id)}/print`,
      newEntries: entries.filter((e) => e.isNew).length,
    };
  }

  /** The print view: properties and the thread; internal notes and events only when asked for. */
  print(ticket: Ticket, thread: ThreadView, withNotes: boolean): ScpTicketPrintVM {
    const entries = this.entries(thread).filter((e) => withNotes || e.kind === 'message' || e.kind === 'response');
    return {
      title: `Print #${ticket.number} ${ticket.subject}`,
      ticket: this.properties(ticket),
      entries,
      withNotes,
      ticketUrl: this.ticketUrl(ticket.id),
      printUrl: `${this.ticketUrl(ticket.id)}/print`,
    };
  }

  private mergedInto(links: LinkedTicket[]): ScpTicketVM['mergedInto'] {
    const into = links.find((l) => l.kind === 'merged_into');
    return into ? { number: into.ticket.number, url: this.ticketUrl(into.ticket.id) } : null;
  }

  /** The answers shown on the page, and the "Edit details" form filled with them (or with what was typed). */
  private customFields(data: { answers: TicketAnswer[]; editable: CustomField[] }, failed?: TicketPageState['fields']): ScpTicketVM['customFields'] {
    const stored = new Map(data.answers.map((a) => [a.field.id, a.value]));
    return {
      values: fieldValues(data.answers),
      form: { title: null, instructions: null, fields: fieldInputs(data.editable, { idPrefix: 'edit-cf', stored, typed: failed?.typed, errors: failed?.errors }) },
    };
  }

  /** The whole thread, oldest first; events carry their sentence in `eventText`; entries after `seenEntryId` are new. */
  entries(thread: ThreadView, seenEntryId?: number): ThreadEntryVM[] {
    return thread.entries.map((e) => ({
      id: e.id,
      kind: e.type,
      authorName: e.posterName,
      createdAt: iso(e.createdAt),
      title: e.title,
      body: e.body,
      eventText: e.type === 'event' ? e.body : null,
      attachments: (thread.attachmentsByEntry.get(e.id) ?? []).map((a) => this.attachment(a)),
      isNew: seenEntryId !== undefined && e.id > seenEntryId,
      mail: this.mailOrigin(thread, e.id),
    }));
  }

  private mailOrigin(thread: ThreadView, entryId: number): ThreadEntryVM['mail'] {
    const mail = thread.mailByEntry?.get(entryId);
    return mail ? { reason: mail.reason ?? 'by email', url: this.url(`/scp/inbound-mail/${mail.inboundId}`) } : null;
  }

  private attachment(a: Attachment) {
    return { id: a.id, name: a.fileName, sizeLabel: formatSize(a.size), url: this.url(`/scp/attachments/${a.id}`) };
  }

  row(t: Ticket): QueueRowVM {
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
      teamName: t.team?.name ?? null,
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
