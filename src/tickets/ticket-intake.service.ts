import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { PortalAccess, UploadedFile } from '../common/request-context';
import { ThreadService } from '../threads/thread.service';
import { UsersService } from '../users/users.service';
import { portalCanSeeTicket } from './ticket-access';
import { decide } from './ticket-lifecycle';
import { TicketNumberAllocator } from './ticket-number.allocator';
import { statusFacts, TicketOptionsService } from './ticket-options.service';
import { statusColumns, statusEvent } from './ticket-state';
import { Ticket, TicketSource } from './ticket.entity';

export interface OpenTicketInput {
  email: string;
  name: string;
  phone: string | null;
  topicId: number;
  subject: string;
  message: string;
  source: TicketSource;
  uploads: UploadedFile[];
  uploadError?: string;
}

export interface PostInput {
  message: string;
  uploads: UploadedFile[];
  uploadError?: string;
}

const SOURCE_LABEL: Record<TicketSource, string> = { web: 'the web portal', email: 'email', phone: 'phone', api: 'the API', other: 'another channel' };

/** How tickets come in, and what end users do with them on the portal. */
@Injectable()
export class TicketIntakeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly options: TicketOptionsService,
    private readonly users: UsersService,
    private readonly numbers: TicketNumberAllocator,
    private readonly threads: ThreadService,
    private readonly attachments: AttachmentsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens a ticket for an end user: defaults come from the help topic (department, priority, SLA plan),
   * then the department, then the install's defaults. Ticket, first message, files and the "created"
   * event are written in one transaction.
   */
  async open(input: OpenTicketInput): Promise<Ticket> {
    this.attachments.check(input.uploads, input.uploadError);
    const topic = await this.options.requireTopic(input.topicId, input.source === 'web' ? 'user' : 'agent');
    const [status, priority, department] = await Promise.all([
      this.options.defaultOpenStatus(),
      topic.priorityId ? this.options.requirePriority(topic.priorityId) : this.options.defaultPriority(),
      topic.departmentId ? this.options.requireDepartment(topic.departmentId) : this.options.defaultDepartment(),
    ]);
    const slaPlanId = topic.slaPlanId ?? department.slaPlanId ?? (await this.options.defaultSlaPlan())?.id ?? null;
    const stored = new StoredFiles();
    try {
      return await this.db.transaction(async (manager) => {
        const now = this.clock.now();
        const user = await this.users.findOrCreate({ email: input.email, name: input.name, phone: input.phone }, manager);
        const number = await this.numbers.next(manager);
        const ticket = await manager.getRepository(Ticket).save(manager.getRepository(Ticket).create({
          number, subject: input.subject, userId: user.id, statusId: status.id, state: status.state,
          departmentId: department.id, helpTopicId: topic.id, priorityId: priority.id, slaPlanId,
          staffId: null, teamId: null, source: input.source, isAnswered: false, isOverdue: false,
          dueAt: null, slaDueAt: null, version: 1, createdAt: now, updatedAt: now, lastMessageAt: now,
          lastResponseAt: null, firstResponseAt: null, reopenedAt: null, closedAt: null,
        }));
        const entry = await this.threads.appendEntry(manager, {
          ticketId: ticket.id, type: 'message', userId: user.id, posterName: user.name, body: input.message, at: now,
        });
        await this.attachments.store(manager, ticket.id, entry.id, input.uploads, stored);
        await this.threads.appendEvent(manager, {
          ticketId: ticket.id, event: 'created', userId: user.id, posterName: user.name,
          text: `${user.name} opened the ticket via ${SOURCE_LABEL[input.source]}`, data: { source: input.source }, at: now,
        });
        return ticket;
      });
    } catch (err) {
      stored.discard();
      throw err;
    }
  }

  /**
   * Email + ticket number prove a guest may see that ticket. CASE: a wrong pair, whichever half is
   * wrong, gets the same answer, so nobody learns which tickets or addresses exist.
   */
  async checkStatus(email: string, number: string): Promise<{ ticket: Ticket; userId: number }> {
    const ticket = await this.db.getRepository(Ticket).findOne({
      where: { number: number.trim(), user: { email: email.trim().toLowerCase() } },
      relations: { user: true },
    });
    if (!ticket) throw notFound('ticket');
    return { ticket, userId: ticket.userId };
  }

  /** The ticket a portal visitor may see by its number, or 404. */
  async findForPortal(access: PortalAccess | undefined, number: string): Promise<Ticket> {
    const ticket = access ? await this.db.getRepository(Ticket).findOne({
      where: { number },
      relations: { status: true, department: true, helpTopic: true, user: true },
    }) : null;
    if (!ticket || !portalCanSeeTicket(access, ticket)) throw notFound('ticket');
    return ticket;
  }

  /**
   * An end user's reply from the portal. On a resolved or closed ticket it reopens the ticket when the
   * status allows; otherwise it is refused with a pointer to open a new ticket.
   */
  async userReply(access: PortalAccess | undefined, number: string, input: PostInput): Promise<Ticket> {
    const ticket = await this.findForPortal(access, number);
    const outcome = decide({ current: statusFacts(ticket.status), defaultOpen: statusFacts(await this.options.defaultOpenStatus()) }, { kind: 'user_reply' });
    if (!outcome.allowed) {
      // CASE: end users get no staff wording ("restore it first"): archived is simply closed to them.
      const message = outcome.code === 'ticket_archived' ? 'This ticket is closed to replies. Please open a new ticket.' : outcome.message;
      throw new DomainError('invalid_transition', message);
    }
    this.attachments.check(input.uploads, input.uploadError);
    const stored = new StoredFiles();
    try {
      await this.db.transaction(async (manager) => {
        const now = this.clock.now();
        const entry = await this.threads.appendEntry(manager, {
          ticketId: ticket.id, type: 'message', userId: ticket.userId, posterName: ticket.user.name, body: input.message, at: now,
        });
        await this.attachments.store(manager, ticket.id, entry.id, input.uploads, stored);
        const event = statusEvent(outcome, ticket.status.name, ticket.user.name);
        if (event) await this.threads.appendEvent(manager, { ticketId: ticket.id, ...event, userId: ticket.userId, posterName: ticket.user.name, at: now });
        await manager.update(Ticket, { id: ticket.id }, {
          ...statusColumns(outcome, now), lastMessageAt: now, updatedAt: now, version: () => 'version + 1',
        });
      });
    } catch (err) {
      stored.discard();
      throw err;
    }
    return ticket;
  }
}
