import { FormState, Option, ThreadEntryVM } from '../common/view-models';
import type { CustomFieldsetVM, CustomFieldValueVM } from '../forms/field-view';

export interface UploadLimits {
  maxFiles: number;
  maxMegabytes: number;
  /** The accepted file types, ".pdf, image/*" (empty or absent: any type). */
  accepted?: string;
}

/** views/portal/home.hbs */
export interface PortalHomeVM {
  title: string;
}

export interface OpenTicketValues {
  email: string;
  name: string;
  phone: string;
  topicId: string;
  subject: string;
  message: string;
}

/** views/portal/open.hbs: POST {{url "/tickets"}} multipart, file field "attachments" (multiple), last in form. */
export interface PortalOpenVM {
  title: string;
  topics: Option[];
  form: FormState<OpenTicketValues>;
  limits: UploadLimits;
  /** The chosen topic's questions (`cf_<name>` inputs, before the file input); none without a topic or form. */
  topicFields?: CustomFieldsetVM;
  /** GET `${fieldsUrl}?topicId=N` renders the form with topic N's questions (the page's script swaps #topic-fields). */
  fieldsUrl?: string;
}

/** views/portal/thanks.hbs */
export interface PortalThanksVM {
  title: string;
  ticket: { number: string; subject: string; email: string; url: string };
}

/** views/portal/status.hbs: POST {{url "/status"}} with email + number. `notice` is the one generic error. */
export interface PortalStatusVM {
  title: string;
  form: FormState<{ email: string; number: string; linkEmail?: string }>;
  notice: string | null;
}

/** views/portal/ticket.hbs: reply form POST {{ticket.replyUrl}} multipart, field "message" + "attachments". */
export interface PortalTicketVM {
  title: string;
  ticket: {
    number: string;
    subject: string;
    statusName: string;
    isClosed: boolean;
    createdAt: string;
    topicName: string | null;
    departmentName: string;
    replyUrl: string;
  };
  /** Set when the ticket was merged into another: that ticket's number and page, or nulls when the visitor may not see it. */
  mergedInto: { number: string | null; url: string | null } | null;
  /** The answers to the topic's questions that the user may see (`visibility` 'all'). */
  fields?: CustomFieldValueVM[];
  entries: ThreadEntryVM[]; // messages and agent replies only, oldest first
  reply: FormState<{ message: string }> & { allowed: boolean; hint: string | null };
  limits: UploadLimits;
}
