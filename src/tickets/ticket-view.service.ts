import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { notFound } from '../common/errors';
import { PortalAccess } from '../common/request-context';
import { ThreadService, ThreadView } from '../threads/thread.service';
import { TicketLinksService } from '../ticket-links/ticket-links.service';
import { PortalTicketAccess } from './portal-ticket-access';
import { AgentScope, canSeeTicket } from './ticket-access';
import { Ticket } from './ticket.entity';

/** Where a merged ticket went, as its portal page tells: the survivor when the visitor may open it. */
export type MergedIntoForUser = { id: number; number: string } | 'hidden' | null;

export interface TicketWithThread {
  ticket: Ticket;
  thread: ThreadView;
}

/** Reading tickets and their files, with the same access rules on every path (page, thread, download). */
@Injectable()
export class TicketViewService {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly threads: ThreadService,
    private readonly attachments: AttachmentsService,
    private readonly portalAccess: PortalTicketAccess,
    private readonly links: TicketLinksService,
  ) {}

  /** The ticket with everything its staff page shows, or 404 when the agent may not see it. */
  async forAgent(scope: AgentScope, ticketId: number): Promise<TicketWithThread> {
    const ticket = await this.tickets.findOne({
      where: { id: ticketId },
      relations: { user: true, status: true, priority: true, department: true, helpTopic: true, slaPlan: true, assignee: true, team: true },
    });
    if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
    return { ticket, thread: await this.threads.load(ticket.id, 'agent') };
  }

  /** The ticket alone (no thread), for secondary paths (lock, canned insert, print), or 404 like the page. */
  async visibleToAgent(scope: AgentScope, ticketId: number): Promise<Ticket> {
    const ticket = await this.tickets.findOne({ where: { id: ticketId }, relations: { user: true, department: true } });
    if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
    return ticket;
  }

  /** A portal visitor's ticket with the thread they may see (no internal notes or events), or 404. */
  async forUser(access: PortalAccess | undefined, number: string): Promise<TicketWithThread> {
    const ticket = access ? await this.tickets.findOne({
      where: { number },
      relations: { user: true, status: true, priority: true, department: true, helpTopic: true },
    }) : null;
    if (!ticket || !(await this.portalAccess.canSee(access, ticket))) throw notFound('ticket');
    return { ticket, thread: await this.threads.load(ticket.id, 'user') };
  }

  /**
   * For a ticket the visitor may see (after `forUser`): null when it was not merged, else the survivor
   * they may open, or 'hidden' (its number is not theirs to know). CASE: a guest session proved the merged
   * ticket, not the survivor; as the merge copied its people on the survivor, a guest who takes part in
   * the survivor may open it too (the caller adds it to the session), as their mail would let them.
   */
  async mergedIntoForUser(access: PortalAccess, ticketId: number): Promise<MergedIntoForUser> {
    const survivorId = await this.links.mergedInto(ticketId);
    if (survivorId === null) return null;
    const survivor = await this.tickets.findOne({ where: { id: survivorId }, select: { id: true, number: true, userId: true } });
    if (!survivor) return 'hidden';
    const visible = await this.portalAccess.canSee({ ...access, ticketIds: [...access.ticketIds, survivor.id] }, survivor);
    return visible ? { id: survivor.id, number: survivor.number } : 'hidden';
  }

  /** A file an agent may download: one on a ticket they can see. */
  async attachmentForAgent(scope: AgentScope, attachmentId: number): Promise<Attachment> {
    const file = await this.attachments.findById(attachmentId);
    if (!file || !canSeeTicket(scope, file.ticket) || !this.attachments.exists(file)) throw notFound('file');
    return file;
  }

  /** A file a portal visitor may download: on their ticket, and never from an internal note. */
  async attachmentForUser(access: PortalAccess | undefined, attachmentId: number): Promise<Attachment> {
    const file = await this.attachments.findById(attachmentId);
    // CASE: files on internal notes stay internal even on the visitor's own ticket.
    const visible = file && (file.threadEntry.type === 'message' || file.threadEntry.type === 'response') && (await this.portalAccess.canSee(access, file.ticket));
    if (!file || !visible || !this.attachments.exists(file)) throw notFound('file');
    return file;
  }

  openFile(file: Attachment) {
    return this.attachments.openStream(file);
  }
}
