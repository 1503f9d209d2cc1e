import { FormState, Option, ThreadEntryVM } from '../common/view-models';
import type { CustomFieldsetVM, CustomFieldValueVM } from '../forms/field-view';
import { UploadLimits } from '../portal/portal.view-models';

export interface QueueNavItem {
  key: string; // 'open' | 'mine' | 'closed'
  name: string;
  countLabel: string; // "12", or "999+" when capped
  url: string;
  active: boolean;
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

/** views/scp/queue.hbs */
export interface ScpQueueVM {
  title: string;
  nav: QueueNavItem[];
  queue: { key: string; name: string };
  rows: QueueRowVM[];
  nextUrl: string | null; // keyset pagination: "Older" link
  firstUrl: string | null; // back to the first page when not on it
  emptyMessage: string;
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
  };
  forms: {
    reply: FormState<{ message: string; statusId: string }>;
    note: FormState<{ title: string; message: string; statusId: string }>;
    status: FormState<{ statusId: string; comment: string }>;
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
  /** "Jane Roe <jane@example.com>" per collaborator (CC); shown read-only. */
  collaborators?: string[];
}
