/**
 * View-models shared by the portal and the staff panel. Presenters build these from entities; templates
 * receive nothing else. Dates are ISO-8601 strings (UTC); templates format them with the `date` helper.
 */

export type Flash = { type: 'success' | 'error' | 'info'; message: string };

/** Field name -> message, for forms re-rendered with 422. */
export type FormErrors = Record<string, string>;

export interface FormState<V> {
  values: V;
  errors: FormErrors;
}

export interface Option {
  id: number;
  name: string;
  selected: boolean;
}

export interface AttachmentVM {
  id: number;
  name: string;
  sizeLabel: string; // "1.2 MB"
  url: string; // already includes the base path
}

export type ThreadEntryKind = 'message' | 'response' | 'note' | 'event';

export interface ThreadEntryVM {
  id: number;
  kind: ThreadEntryKind;
  authorName: string;
  createdAt: string;
  title: string | null; // e.g. "Resolution note" on a note; null otherwise
  body: string; // plain text; templates print it with {{nl2br body}}
  eventText: string | null; // for kind 'event': "John Doe assigned the ticket to Jane Roe"
  attachments: AttachmentVM[];
  isNew: boolean; // highlighted (collision guard, later)
  /** Staff view only: the entry came by mail; why it landed here, and its original. */
  mail?: { reason: string; url: string } | null;
}

/** Locals every page gets from middleware (res.locals), used by the layouts and partials. */
export interface LayoutLocals {
  base: string; // base path, "" or "/osTicket"; templates build links with {{url "/scp/tickets"}}
  helpdeskName: string;
  /** From the settings, for the `date` helper; absent: "23 Nov 2026, 14:05" in UTC. */
  dateFormat?: string;
  timezone?: string;
  csrfToken: string;
  flash: Flash[];
  staff: { id: number; name: string; isAdmin: boolean } | null; // signed-in agent (scp only)
  portalAccess: { email: string; account?: boolean } | null; // a portal visitor: signed in, or who checked a ticket's status
  portalAccounts?: boolean; // the settings allow portal accounts (the nav offers Sign In)
}

export interface ErrorPageVM {
  title: string;
  status: number;
  message: string;
}
