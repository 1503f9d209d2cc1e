import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { UploadedFile } from '../common/request-context';
import { userReplyOutcome } from '../settings/reopen-policy';
import { ReopenPolicy } from '../settings/settings.schema';
import { SlaService } from '../sla/sla.service';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { decide, LifecycleOutcome, StatusFacts } from '../tickets/ticket-lifecycle';
import { statusFacts } from '../tickets/ticket-options.service';
import { statusColumns, statusEvent } from '../tickets/ticket-state';
import { Ticket } from '../tickets/ticket.entity';

export type MailPoster = { kind: 'user'; userId: number; name: string } | { kind: 'agent'; staffId: number; name: string };

export interface MailReply {
  poster: MailPoster;
  body: string;
  uploads: UploadedFile[];
  /** See OpenTicketInput.autoRespond: whoever notifies about the reply must honour it. */
  autoRespond: boolean;
}

/**
 * A mail that threads to an existing ticket, posted the way the portal and the staff panel post: a
 * user's message under the reopen rules (userReplyOutcome), an agent's response under the lifecycle's
 * agent_reply rule. Writes in the caller's transaction.
 */
@Injectable()
export class InboundReplyService {
  constructor(
    private readonly threads: ThreadService,
    private readonly attachments: AttachmentsService,
    private readonly sla: SlaService,
  ) {}

  /** Whether the ticket accepts this poster's mail now (a closed, non-reopenable ticket refuses a user). */
  outcome(ticket: Ticket, poster: MailPoster, defaultOpen: StatusFacts, policy: ReopenPolicy): LifecycleOutcome {
    const current = statusFacts(ticket.status);
    return poster.kind === 'agent' ? decide({ current, defaultOpen }, { kind: 'agent_reply' }) : userReplyOutcome(current, defaultOpen, policy);
  }

  async post(manager: EntityManager, ticket: Ticket, outcome: Extract<LifecycleOutcome, { allowed: true }>, reply: MailReply, at: Date, stored: StoredFiles): Promise<ThreadEntry> {
    const { poster } = reply;
    const entry = await this.threads.appendEntry(manager, {
      ticketId: ticket.id, type: poster.kind === 'agent' ? 'response' : 'message',
      userId: poster.kind === 'user' ? poster.userId : null, staffId: poster.kind === 'agent' ? poster.staffId : null,
      posterName: poster.name, body: reply.body, at,
    });
    await this.attachments.store(manager, ticket.id, entry.id, reply.uploads, stored);
    const event = statusEvent(outcome, ticket.status.name, poster.name);
    if (event) {
      await this.threads.appendEvent(manager, {
        ticketId: ticket.id, ...event, userId: poster.kind === 'user' ? poster.userId : null, staffId: poster.kind === 'agent' ? poster.staffId : null,
        posterName: poster.name, data: { from: ticket.status.name, to: outcome.nextStatus.name }, at,
      });
    }
    const answered = poster.kind === 'agent' ? { lastResponseAt: at, ...(ticket.firstResponseAt ? {} : { firstResponseAt: at }) } : { lastMessageAt: at };
    await manager.update(Ticket, { id: ticket.id }, { ...statusColumns(outcome, at, ticket), ...answered, updatedAt: at, version: () => 'version + 1' });
    if (outcome.statusChanged) await this.sla.onStatusChange(manager, ticket, ticket.status, outcome.nextStatus, at);
    if (outcome.statusChanged || (poster.kind === 'agent' && !ticket.firstResponseAt)) {
      await this.sla.recompute(manager, ticket.id, outcome.statusChanged ? (outcome.reopened ? 'reopened' : 'status_changed') : 'first_response');
    }
    return entry;
  }
}
