import { FormErrors, FormState, Option, ThreadEntryVM } from '../common/view-models';
import type { CustomFieldsetVM, CustomFieldValueVM } from '../forms/field-view';
import { UploadLimits } from '../portal/portal.view-models';

export interface QueueNavItem {
  key: string; // a built-in queue key ('open', 'mine', ...) or `q<id>` for a custom queue
  name: string;
  countLabel: string; // "12", or "999+" when capped
  url: string;
  active: boolean;
  isCustom: boolean;
}

/** views/scp/login.hbs: POST {{url "/scp/login"}} with username (username or email), password, next. */
export interface ScpLoginVM {
  title: string;
  form: FormState<{ username: string; next: string }>;
  notice: string | null; // the one generic "wrong username or password" message
}

export interface QueueRowVM {
  id: number;
  number: string;
  subject: string;
  userName: string;
  userEmail: string;
  createdAt: string;
  lastActivityAt: string;
  statusName: string;
  priorityName: string;
  priorityClass: string; // "priority-low" | "priority-normal" | "priority-high" | "priority-emergency"
  departmentName: string;
  assigneeName: string | null;
  isAnswered: boolean;
  isOverdue: boolean;
  /** The effective due time (manual due date, else the SLA's resolution due); null while paused or without one. */
  dueAt: string | null;
  /** The SLA clock stands still (a status that pauses it). */
  isPaused: boolean;
  url: string;
}

/** A column head of a ticket list: a link that sorts by it (and flips the order when it already does). */
export interface ListColumnVM {
  key: string;
  label: string;
  sortUrl: string | null;
  /** aria-sort for the column the list is sorted by. */
  ariaSort: 'ascending' | 'descending' | null;
}

/** The bulk action form under a ticket list (POST {{bulk.action}}). */
export interface BulkFormVM {
  action: string;
  returnTo: string;
  max: number;
  agents: Option[];
  teams: Option[];
  departments: Option[];
  statuses: Option[];
  priorities: Option[];
  /** Team assignment is offered once the ticket actions can do it. */
}

/** views/scp/queue.hbs, also the results half of views/scp/search.hbs */
export interface ScpQueueVM {
  title: string;
  nav: QueueNavItem[];
  queue: { key: string; name: string; isCustom: boolean; deleteAction: string | null; isShared: boolean };
  columns: ListColumnVM[];
  /** Which optional columns show (number and the checkbox always do). */
  show: Record<string, boolean>;
  rows: QueueRowVM[];
  nextUrl: string | null; // keyset pagination: "Older" link
  firstUrl: string | null; // back to the first page when not on it
  emptyMessage: string;
  exportUrl: string;
  bulk: BulkFormVM;
}

/** views/scp/search.hbs: the advanced search form, then (when something was asked) the results. */
export interface ScpSearchVM extends Omit<ScpQueueVM, 'queue'> {
  queue: { key: string; name: string; isCustom: boolean; deleteAction: null; isShared: false };
  form: FormState<Record<string, string>>;
  options: { statuses: Option[]; departments: Option[]; topics: Option[]; priorities: Option[]; agents: Option[]; teams: Option[]; slaPlans: Option[]; sources: { id: string; name: string }[] };
  /** Set when the form asked for something: the results show. */
  searched: boolean;
  notice: string | null;
  save: { action: string; hidden: { name: string; value: string }[]; columns: { key: string; label: string; checked: boolean }[]; sorts: { key: string; label: string; selected: boolean }[]; canShare: boolean; errors: Record<string, string>; name: string } | null;
}

/** views/scp/profile/preferences.hbs */
export interface ScpPreferencesVM {
  title: string;
  nav: QueueNavItem[];
  form: FormState<{ signature: string; timezone: string; pageSize: string; defaultQueue: string }>;
  timezones: string[];
  queues: { value: string; name: string }[];
  pageSizeHint: string;
  helpdeskTimezone: string;
}

export interface TicketPropertiesVM {
  id: number;
  number: string;
  subject: string;
  statusName: string;
  statusState: string; // 'open' | 'closed' | 'archived' | 'deleted'
  priorityName: string;
  priorityClass: string;
  departmentName: string;
  topicName: string | null;
  slaName: string | null;
  assigneeName: string | null;
  /** The assigned team, if any (a ticket may have an agent and a team). */
  teamName?: string | null;
  source: string;
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
  isAnswered: boolean;
  user: { name: string; email: string; phone: string | null };
  /** SLA due times (ISO), null when there is none or while paused; dueAt is the effective one. */
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  dueAt: string | null;
  isOverdue: boolean;
}

/** The ticket page's SLA card. */
export interface TicketSlaVM {
  planName: string | null;
  hoursName: string | null;
  isPaused: boolean;
  pauseReason: string | null;
  isOverdue: boolean;
  manualDueAt: string | null;
  effectiveDueAt: string | null;
  timeline: { at: string; kind: string; note: string; tone: 'ok' | 'warn' | 'muted' | null }[];
  /** The "Due date" form (POST {{actionBase}}/due: dueAt as YYYY-MM-DDTHH:mm in `timezone`, '' clears). */
  dueForm: { value: string; timezone: string };
}

/**
 * views/scp/ticket.hbs. Every form POSTs to `${actionBase}/<action>` with fields:
 *  reply:    message, statusId (optional; '' keeps), attachments (multipart)
 *  note:     title (optional), message, statusId (optional), attachments (multipart)
 *  status:   statusId, comment (optional; saved as an internal note, e.g. the resolution note)
 *  assign:   staffId, comment (optional)
 *  transfer: departmentId, comment (optional)
 *  priority: priorityId
 *  topic:    topicId
 *  sla:      slaPlanId ('' clears)
 *  fields:   cf_<name> per custom field (see customFields.form)
 * Each form carries lastEntryId (the newest thread entry shown) as a hidden field.
 */
export interface ScpTicketVM {
  title: string;
  nav: QueueNavItem[];
  ticket: TicketPropertiesVM;
  entries: ThreadEntryVM[]; // everything, oldest first: messages, responses, notes, events
  lastEntryId: number;
  actionBase: string; // e.g. "/osTicket/scp/tickets/42"
  options: {
    statuses: Option[];
    priorities: Option[];
    departments: Option[];
    topics: Option[];
    slaPlans: Option[];
    agents: Option[];
    teams?: Option[];
  };
  forms: {
    /** appendSignature: '1' ticked; cannedIds: the canned responses inserted so far ("3,5"; their files go with the reply). */
    reply: FormState<{ message: string; statusId: string; appendSignature?: string; cannedIds?: string }>;
    note: FormState<{ title: string; message: string; statusId: string }>;
    status: FormState<{ statusId: string; comment: string }>;
    /** tickets: the numbers to merge into this one ("100042, 100043"). */
    merge?: FormState<{ tickets: string }>;
    link?: FormState<{ number: string; reason: string }>;
  };
  openForm: string | null; // which form to show expanded after a 422 ('reply' | 'note' | 'status' | ...)
  limits: UploadLimits;
  /**
   * The answers to the help topic's custom fields (all of them, agents-only ones marked), and the
   * "Edit details" form's questions (the topic's fields; none when the topic has no form).
   */
  customFields?: { values: CustomFieldValueVM[]; form: CustomFieldsetVM };
  /** The SLA card: plan, due times, timeline and the due-date form. */
  sla?: TicketSlaVM;
  /** The ticket's CCs: views/partials/scp/collaborators.hbs lists them with a remove button each. */
  collaborators?: { label: string; name: string; removeUrl: string }[];
  /** A failed "Add collaborator" submission (set by the collaborators controller on a 422 re-render). */
  collaboratorForm?: { values: { email: string; name: string }; errors: FormErrors };
  /** Set when this ticket was merged into another: the banner links there. */
  mergedInto?: { number: string; url: string } | null;
  /** Related tickets and merges (each url already has the base path; unlinkUrl only for related ones). */
  links?: TicketLinkVM[];
  /** Another agent's live lock: "Jane Roe is replying" / "has this ticket open". */
  lock?: { name: string; replying: boolean } | null;
  /** POST here (JSON, X-CSRF-Token) every minute while typing to keep the lock. */
  lockUrl?: string;
  /** The canned responses the reply form offers (global + the ticket's department). */
  canned?: { id: number; title: string }[];
  /** The agent has a signature to append to replies. */
  hasSignature?: boolean;
  /** The print view, with and without internal notes. */
  printUrl?: string;
  /** After a stale form: how many entries were posted since (highlighted as new). */
  newEntries?: number;
}

export interface TicketLinkVM {
  kind: 'related' | 'merged_into' | 'merged_from';
  number: string;
  subject: string;
  url: string;
  reason: string;
  isClosed: boolean;
  unlinkUrl: string | null;
}

/** views/scp/ticket-print.hbs: GET {{printUrl}}?notes=1 includes internal notes and events. */
export interface ScpTicketPrintVM {
  title: string;
  ticket: TicketPropertiesVM;
  entries: ThreadEntryVM[];
  withNotes: boolean;
  ticketUrl: string;
  printUrl: string;
}
