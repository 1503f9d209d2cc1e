import { Injectable } from '@nestjs/common';
import { Attachment } from '../attachments/attachment.entity';
import { formatSize } from '../common/format-size';
import { PortalAccess } from '../common/request-context';
import { AttachmentVM, FormErrors, Option, ThreadEntryVM } from '../common/view-models';
import { MyTicketsPage, MyTicketsQuery } from '../tickets/portal-ticket-list.service';
import { AppConfig } from '../config/app-config';
import { fieldInputs, fieldValues } from '../forms/field-view';
import { SubmittedValue } from '../forms/field-values';
import { TopicQuestions } from '../forms/forms.service';
import { TicketAnswer } from '../forms/ticket-fields.service';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { ThreadView } from '../threads/thread.service';
import { userReplyOutcome } from '../settings/reopen-policy';
import { ReopenPolicy } from '../settings/settings.schema';
import { StatusFacts } from '../tickets/ticket-lifecycle';
import { statusFacts } from '../tickets/ticket-options.service';
import { Ticket } from '../tickets/ticket.entity';
import { MergedIntoForUser } from '../tickets/ticket-view.service';
import {
  OpenTicketValues,
  PortalHomeVM,
  PortalOpenVM,
  PortalStatusVM,
  PortalThanksVM,
  PortalTicketVM,
  UploadLimits,
} from './portal.view-models';

/** The one answer to a failed status check, whichever half was wrong (SECURITY 1). */
export const STATUS_NOT_FOUND = 'We could not find a ticket with that email address and number.';
export const REOPEN_HINT = 'Replying will reopen this ticket.';
export const NO_REPLY_HINT = 'This ticket is closed to replies. Please open a new ticket.';

// Only asked whether a reply would reopen the ticket; any open status answers that.
const SOME_OPEN_STATUS: StatusFacts = { id: 0, name: 'Open', state: 'open', reopenable: false, pausesSla: false };

/** Builds the portal's view-models (see portal.view-models.ts) from entities and form input. */
@Injectable()
export class PortalPresenter {
  constructor(private readonly config: AppConfig) {}

  /** An absolute path inside the app, with the base path ("/osTicket/tickets/123456"). */
  url(path: string): string {
    return `${this.config.basePath}${path}`;
  }

  ticketUrl(number: string): string {
    return this.url(`/tickets/${encodeURIComponent(number)}`);
  }

  home(): PortalHomeVM {
    return { title: 'Welcome to the Support Center' };
  }

  /**
   * The open form; `questions` are the chosen topic's custom fields, filled with `typed` (the submitted
   * `cf_*` answers) on a re-render.
   */
  open(
    topics: HelpTopic[], limits: UploadLimits, values: OpenTicketValues = emptyOpenValues(), errors: FormErrors = {},
    questions: TopicQuestions = { form: null, fields: [] }, typed?: Record<string, SubmittedValue>,
  ): PortalOpenVM {
    return {
      title: 'Open a New Ticket',
      topics: topics.map((t): Option => ({ id: t.id, name: t.fullName, selected: String(t.id) === values.topicId })),
      form: { values, errors },
      limits,
      topicFields: {
        title: questions.form?.name ?? null,
        instructions: questions.form?.instructions ?? null,
        fields: fieldInputs(questions.fields, { idPrefix: 'open-cf', typed, errors }),
      },
      fieldsUrl: this.url('/tickets/new'),
    };
  }

  /** The typed values of the open form, echoed back on a 422 (the templates escape them). */
  openValues(body: unknown): OpenTicketValues {
    const b = asRecord(body);
    return { email: text(b.email), name: text(b.name), phone: text(b.phone), topicId: text(b.topicId), subject: text(b.subject), message: text(b.message) };
  }

  thanks(ticket: Ticket): PortalThanksVM {
    return {
      title: 'Ticket Created',
      ticket: { number: ticket.number, subject: ticket.subject, email: ticket.user.email, url: this.ticketUrl(ticket.number) },
    };
  }

  status(body: unknown = {}, notice: string | null = null, errors: FormErrors = {}): PortalStatusVM {
    const b = asRecord(body);
    return { title: 'Check Ticket Status', form: { values: { email: text(b.email), number: text(b.number), linkEmail: text(b.linkEmail) }, errors }, notice };
  }

  /**
   * The visitor's ticket page. Whether the reply form shows comes from the lifecycle rule for a user
   * reply under the settings' reopen policy (userReplyOutcome), so the page and the POST never disagree.
   */
  ticket(
    ticket: Ticket, thread: ThreadView, limits: UploadLimits,
    reply: { message: string; errors: FormErrors } = { message: '', errors: {} }, reopenPolicy: ReopenPolicy = 'reopen',
    answers: TicketAnswer[] = [], mergedInto: MergedIntoForUser = null,
  ): PortalTicketVM {
    // CASE: a merged ticket takes no replies: its conversation goes on in the survivor (the notice says where).
    const outcome = userReplyOutcome(statusFacts(ticket.status), SOME_OPEN_STATUS, reopenPolicy);
    const hint = mergedInto ? null : !outcome.allowed
      ? outcome.code === 'not_reopenable' ? outcome.message : NO_REPLY_HINT
      : outcome.reopened ? REOPEN_HINT : null;
    return {
      title: `Ticket #${ticket.number}`,
      ticket: {
        number: ticket.number,
        subject: ticket.subject,
        statusName: ticket.status.name,
        isClosed: ticket.state !== 'open',
        createdAt: iso(ticket.createdAt),
        topicName: ticket.helpTopic?.fullName ?? null,
        departmentName: ticket.department.name,
        replyUrl: `${this.ticketUrl(ticket.number)}/reply`,
      },
      mergedInto: mergedInto === null ? null
        : mergedInto === 'hidden' ? { number: null, url: null }
          : { number: mergedInto.number, url: this.ticketUrl(mergedInto.number) },
      fields: fieldValues(answers.filter((a) => a.field.visibility === 'all')),
      entries: this.entries(thread),
      reply: { values: { message: reply.message }, errors: reply.errors, allowed: outcome.allowed && !mergedInto, hint },
      limits,
    };
  }

  /** Messages and agent replies, oldest first, each with its files. Notes and events never reach users. */
  entries(thread: ThreadView): ThreadEntryVM[] {
    return thread.entries
      .filter((e) => e.type === 'message' || e.type === 'response')
      .map((e) => ({
        id: e.id,
        kind: e.type,
        authorName: e.posterName,
        createdAt: iso(e.createdAt),
        title: null,
        body: e.body,
        eventText: null,
        attachments: (thread.attachmentsByEntry.get(e.id) ?? []).map((f) => this.attachment(f)),
        isNew: false,
      }));
  }

  /** views/portal/my-tickets.hbs: the filter form (GET), the rows, and the link to older tickets. */
  myTickets(page: MyTicketsPage, query: MyTicketsQuery, viewerId: number) {
    const next = page.nextBefore
      ? `${this.url('/my-tickets')}?${new URLSearchParams({ status: query.status, ...(query.search ? { q: query.search } : {}), before: String(page.nextBefore) })}`
      : null;
    return {
      title: 'My Tickets',
      filter: {
        q: query.search,
        statuses: [['open', 'Open'], ['closed', 'Closed'], ['all', 'All']].map(([value, label]) => ({ value, label, selected: value === query.status })),
      },
      isFiltered: query.search !== '' || query.status !== 'open',
      nextUrl: next,
      newUrl: this.url('/tickets/new'),
      tickets: page.tickets.map((t) => ({
        number: t.number,
        subject: t.subject,
        statusName: t.status.name,
        isClosed: t.state !== 'open',
        createdAt: iso(t.createdAt),
        updatedAt: iso(t.updatedAt),
        url: this.ticketUrl(t.number),
        from: t.userId === viewerId ? null : t.user.name,
      })),
    };
  }

  attachment(file: Attachment): AttachmentVM {
    return { id: file.id, name: file.fileName, sizeLabel: formatSize(file.size), url: this.url(`/attachments/${file.id}`) };
  }
}

/**
 * The session's portal access after the visitor proved (or created) ownership of one more ticket. CASE:
 * tickets of the same person accumulate; proving a different address replaces the access, so one
 * browser never mixes two people's tickets.
 */
export function grantTicketAccess(current: PortalAccess | undefined, grant: { email: string; userId: number; ticketId: number }): PortalAccess {
  const email = grant.email.trim().toLowerCase();
  const same = current && current.userId === grant.userId && current.email === email;
  const ticketIds = same ? current.ticketIds.filter((id) => id !== grant.ticketId) : [];
  // A signed-in user stays signed in while they add tickets of their own address.
  return { email, userId: grant.userId, ticketIds: [...ticketIds, grant.ticketId], ...(same && current.account ? { account: true } : {}) };
}

const emptyOpenValues = (): OpenTicketValues => ({ email: '', name: '', phone: '', topicId: '', subject: '', message: '' });

function asRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

/** A form value as typed; anything that is not a single string (repeated fields, objects) echoes as ''. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
