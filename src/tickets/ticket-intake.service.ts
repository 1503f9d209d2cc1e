import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BanListService } from '../abuse/ban-list.service';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { AutoAssignService } from '../auto-assign/auto-assign.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { PortalAccess, UploadedFile } from '../common/request-context';
import { SubmittedValue } from '../forms/field-values';
import { TicketFieldsService } from '../forms/ticket-fields.service';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { userReplyOutcome } from '../settings/reopen-policy';
import { SettingsService } from '../settings/settings.service';
import { SlaService } from '../sla/sla.service';
import { IntakeFilterApplier } from '../filters/intake-filter-applier.service';
import { intakeSample } from '../filters/intake-sample';
import { Team } from '../teams/team.entity';
import { Staff } from '../staff/staff.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { UsersService } from '../users/users.service';
import { TicketLinksService } from '../ticket-links/ticket-links.service';
import { PortalTicketAccess } from './portal-ticket-access';
import { TicketCollaborator } from '../filters/filters.entities';
import { User } from '../users/user.entity';
import { TicketNumberAllocator } from './ticket-number.allocator';
import { statusFacts, TicketOptionsService } from './ticket-options.service';
import { statusColumns, statusEvent } from './ticket-state';
import { decide } from './ticket-lifecycle';
import { TicketStatus } from './ticket-status.entity';
import { Priority } from './priority.entity';
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
  /** Answers to the help topic's custom fields, by input name (`cf_<name>`). */
  fields?: Record<string, SubmittedValue>;
  /**
   * Whether the automatic confirmation may go out (default true). False for mail a machine wrote
   * (RFC 3834: Auto-Submitted, bulk and list mail) and past the per-sender cap, so two robots never
   * answer each other forever. Whoever sends the confirmation must honour it.
   */
  autoRespond?: boolean;
  /** Set when the ticket comes from an inbound mail. */
  mailOrigin?: EmailOrigin;
  /** Set when an agent opens the ticket on a user's behalf in the staff panel (TicketAgentIntakeService). */
  agentOrigin?: AgentOrigin;
}

/**
 * What an agent chose when opening a ticket for a user, already checked against their access. CASE: an
 * agent's explicit choice wins over intake filters and the help topic's defaults; what they left empty
 * falls back as for any other ticket.
 */
export interface AgentOrigin {
  staffId: number;
  staffName: string;
  department: Department | null;
  priority: Priority | null;
  /** undefined: the usual default plan; null: no plan. */
  slaPlanId: number | null | undefined;
  assignee: Staff | null;
}

/** What a ticket opened from an inbound mail adds to the opening. */
export interface EmailOrigin {
  /** The receiving mailbox's defaults: after intake filters, before the help topic's. */
  departmentId: number | null;
  priorityId: number | null;
  /** Runs last inside the opening's transaction (the inbound record, collaborators): a failure rolls the ticket back. */
  inTransaction(manager: EntityManager, ticket: Ticket, entry: ThreadEntry): Promise<void>;
}

export interface PostInput {
  message: string;
  uploads: UploadedFile[];
  uploadError?: string;
}

/** What a banned sender is told on the portal. */
export const BANNED_MESSAGE = 'We cannot accept tickets from this email address. Please contact us another way.';

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
    private readonly ticketFields: TicketFieldsService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly filterApplier: IntakeFilterApplier,
    private readonly autoAssign: AutoAssignService,
    private readonly bans: BanListService,
    private readonly portalAccess: PortalTicketAccess,
    private readonly links: TicketLinksService,
  ) {}

  /**
   * Opens a ticket for an end user: defaults come from the help topic (department, priority, SLA plan,
   * status, auto-assignee), then the department, then the install's defaults. The answers to the topic's
   * custom fields are checked before anything is written. Ticket, first message, files, answers and the
   * "created" event are written in one transaction. The number follows the settings' format; from the
   * portal, a person already at the settings' limit of open tickets is refused (422 on `email`).
   */
  async open(input: OpenTicketInput): Promise<Ticket> {
    const settings = await this.settings.get();
    await this.attachments.check(input.uploads, input.uploadError);
    if (input.source === 'web') {
      // CASE: a banned sender is refused on the portal; agents may still open a ticket for them by hand.
      if (await this.bans.isBanned(input.email)) throw invalidField('email', BANNED_MESSAGE);
      await this.checkOpenTicketLimit(input.email, settings.maxOpenTicketsPerUser);
    }
    const topic = await this.options.requireTopic(input.topicId, input.source === 'web' ? 'user' : 'agent');
    // CASE: a mail cannot answer the topic's custom fields; an agent fills in the required ones later.
    const answers = input.mailOrigin ? [] : await this.ticketFields.check(topic.id, input.source === 'web' ? 'user' : 'agent', input.fields ?? {});
    // Intake filters run before anything is written: a rejection ends here; what they set wins over the topic's defaults.
    const filtered = await this.filterApplier.decide(intakeSample(input, topic, answers));
    const chosen = filtered.topic ?? topic;
    const [status, priority, department, assignee] = await Promise.all([
      filtered.status ?? this.openingStatus(chosen),
      input.agentOrigin?.priority ?? filtered.priority ?? this.mailboxPriority(input.mailOrigin).then((p) => p ?? this.openingPriority(chosen)),
      input.agentOrigin?.department ?? filtered.department ?? this.mailboxDepartment(input.mailOrigin).then((d) => d ?? (chosen.departmentId ? this.options.requireDepartment(chosen.departmentId) : this.options.defaultDepartment())),
      input.agentOrigin?.assignee ? { agent: input.agentOrigin.assignee, team: null }
        : filtered.agent || filtered.team ? { agent: filtered.agent, team: filtered.team } : this.topicAssignee(chosen),
    ]);
    const slaPlanId = input.agentOrigin?.slaPlanId !== undefined ? input.agentOrigin.slaPlanId : await this.sla.choosePlan({ filterPlanId: filtered.slaPlan?.id ?? null, topic: chosen, department });
    const stored = new StoredFiles();
    try {
      const opened = await this.db.transaction(async (manager) => {
        const now = this.clock.now();
        const user = await this.users.findOrCreate({ email: input.email, name: input.name, phone: input.phone }, manager);
        if (input.source === 'web') await this.recheckOpenTicketLimit(manager, user.id, settings.maxOpenTicketsPerUser);
        const tickets = manager.getRepository(Ticket);
        const ticket = await this.numbers.allocate(manager, settings.ticketNumberFormat, (number) => tickets.save(tickets.create({
          number, subject: input.subject, userId: user.id, statusId: status.id, state: status.state,
          departmentId: department.id, helpTopicId: chosen.id, priorityId: priority.id, slaPlanId,
          staffId: assignee.agent?.id ?? null, teamId: assignee.team?.id ?? null, source: input.source, isAnswered: false, isOverdue: false,
          dueAt: null, slaDueAt: null, version: 1, createdAt: now, updatedAt: now, lastMessageAt: now,
          lastResponseAt: null, firstResponseAt: null, reopenedAt: null, closedAt: null,
        })));
        const entry = await this.threads.appendEntry(manager, {
          ticketId: ticket.id, type: 'message', userId: user.id, posterName: user.name, body: input.message, at: now,
        });
        await this.attachments.store(manager, ticket.id, entry.id, input.uploads, stored);
        const agent = input.agentOrigin;
        await this.threads.appendEvent(manager, agent ? {
          ticketId: ticket.id, event: 'created', staffId: agent.staffId, posterName: agent.staffName,
          text: `${agent.staffName} opened the ticket for ${user.name} via ${SOURCE_LABEL[input.source]}`, data: { source: input.source, userId: user.id }, at: now,
        } : {
          ticketId: ticket.id, event: 'created', userId: user.id, posterName: user.name,
          text: `${user.name} opened the ticket via ${SOURCE_LABEL[input.source]}`, data: { source: input.source }, at: now,
        });
        await this.ticketFields.store(manager, ticket.id, answers);
        await this.sla.onStatusChange(manager, ticket, null, status, now);
        await this.sla.recompute(manager, ticket.id, 'created');
        await this.filterApplier.record(manager, { ...ticket, departmentName: department.name }, user, filtered, now, input.autoRespond !== false);
        const assignedTo = [assignee.agent?.name, assignee.team ? `the team ${assignee.team.name}` : undefined].filter(Boolean).join(' and ');
        if (assignedTo) {
          await this.threads.appendEvent(manager, {
            ticketId: ticket.id, event: 'assigned', posterName: 'System', text: `Assigned to ${assignedTo} by ${agent?.assignee ? agent.staffName : filtered.agent || filtered.team ? 'an intake filter' : `the help topic ${chosen.fullName}`}`,
            data: { staffId: assignee.agent?.id ?? null, teamId: assignee.team?.id ?? null, to: assignedTo }, at: now,
          });
        }
        // Auto-assignment last: only a ticket that filters and topic left without an agent.
        const auto = await this.autoAssign.assignNew(manager, ticket, now);
        if (auto) await this.threads.appendEvent(manager, { ticketId: ticket.id, ...auto, at: now });
        if (input.mailOrigin) await input.mailOrigin.inTransaction(manager, ticket, entry);
        return ticket;
      });
      if (filtered.canned.length > 0) this.filterApplier.kick();
      return opened;
    } catch (err) {
      stored.discard();
      throw err;
    }
  }

  /** The topic's own default status while it is still an open one (a status's state can change later); else the install's. */
  // CASE: a topic's status or priority disabled after the topic was saved falls back to the default,
  // so an end user is never refused over an admin's setting.
  private async openingStatus(topic: HelpTopic) {
    const own = topic.statusId ? await this.db.getRepository(TicketStatus).findOneBy({ id: topic.statusId, state: 'open', isActive: true }) : null;
    return own ?? this.options.defaultOpenStatus();
  }

  private async openingPriority(topic: HelpTopic) {
    const own = topic.priorityId ? await this.db.getRepository(Priority).findOneBy({ id: topic.priorityId, isActive: true }) : null;
    return own ?? this.options.defaultPriority();
  }

  /** CASE: a mailbox default disabled or removed since it was chosen is skipped, like a topic's. */
  private async mailboxPriority(origin: EmailOrigin | undefined): Promise<Priority | null> {
    return origin?.priorityId ? this.db.getRepository(Priority).findOneBy({ id: origin.priorityId, isActive: true }) : null;
  }

  private async mailboxDepartment(origin: EmailOrigin | undefined): Promise<Department | null> {
    return origin?.departmentId ? this.db.getRepository(Department).findOneBy({ id: origin.departmentId, isActive: true }) : null;
  }

  /** The topic's auto-assignee agent and team, each only while active (CASE: disabled since the topic was set up). */
  private async topicAssignee(topic: HelpTopic): Promise<{ agent: Staff | null; team: Team | null }> {
    const [agent, team] = await Promise.all([
      topic.staffId ? this.db.getRepository(Staff).findOneBy({ id: topic.staffId, isActive: true }) : null,
      topic.teamId ? this.db.getRepository(Team).findOneBy({ id: topic.teamId, isActive: true }) : null,
    ]);
    return { agent, team };
  }

  /**
   * CASE: the limit counts the person's open tickets (agents opening tickets for them are not limited).
   * It is read before the opening's transaction, so two submissions at the same instant may both pass:
   * a courtesy limit against floods of duplicates, not an invariant.
   */
  /** Early answer, before filters run and files are stored; `recheckOpenTicketLimit` is the binding one. */
  private async checkOpenTicketLimit(email: string, limit: number): Promise<void> {
    if (limit === 0) return;
    const user = await this.users.findByEmail(email);
    if (user) refuseOverLimit(await this.db.getRepository(Ticket).countBy({ userId: user.id, state: 'open' }), limit);
  }

  /**
   * The same count inside the opening transaction, with the user's row locked (MySQL; SQLite has one
   * writer at a time), so two submissions at once cannot both pass at the limit.
   */
  private async recheckOpenTicketLimit(manager: EntityManager, userId: number, limit: number): Promise<void> {
    if (limit === 0) return;
    if (manager.connection.options.type === 'better-sqlite3') return refuseOverLimit(await manager.getRepository(Ticket).countBy({ userId, state: 'open' }), limit);
    // CASE: the count is a locking read too: a plain one would see the transaction's snapshot, taken
    // before the lock was granted, and miss the ticket the other submission just committed.
    await manager.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId]);
    const rows: { n: number | string }[] = await manager.query("SELECT COUNT(*) AS n FROM tickets WHERE user_id = ? AND state = 'open' FOR UPDATE", [userId]);
    refuseOverLimit(Number(rows[0].n), limit);
  }

  /**
   * Email + ticket number prove a guest may see that ticket: the owner's address, or a collaborator's.
   * CASE: a wrong pair, whichever half is wrong, gets the same answer, so nobody learns which tickets
   * or addresses exist.
   */
  async checkStatus(email: string, number: string): Promise<{ ticket: Ticket; userId: number; email: string }> {
    const [user, ticket] = await Promise.all([
      this.users.findByEmail(email),
      this.db.getRepository(Ticket).findOne({ where: { number: number.trim() }, relations: { user: true } }),
    ]);
    if (!user || !ticket) throw notFound('ticket');
    const participant = ticket.userId === user.id || (await this.db.getRepository(TicketCollaborator).existsBy({ ticketId: ticket.id, userId: user.id }));
    if (!participant) throw notFound('ticket');
    return { ticket, userId: user.id, email: user.email };
  }

  /** The ticket a portal visitor may see by its number, or 404. */
  async findForPortal(access: PortalAccess | undefined, number: string): Promise<Ticket> {
    const ticket = access ? await this.db.getRepository(Ticket).findOne({
      where: { number },
      relations: { status: true, department: true, helpTopic: true, user: true },
    }) : null;
    if (!ticket || !(await this.portalAccess.canSee(access, ticket))) throw notFound('ticket');
    return ticket;
  }

  /**
   * The ticket's owner closes it from the portal, when the settings allow: to the first active status
   * of state closed (Resolved in a fresh install), through the lifecycle rule, with a `closed` event.
   * CASE: collaborators and organization colleagues see the ticket but may not close it (403).
   */
  async userClose(access: PortalAccess | undefined, number: string): Promise<Ticket> {
    const ticket = await this.findForPortal(access, number);
    const settings = await this.settings.get();
    if (!settings.usersMayCloseTickets || access!.userId !== ticket.userId) throw new DomainError('forbidden', 'Only the person who opened this ticket can close it.');
    const target = await this.db.getRepository(TicketStatus).findOne({ where: { state: 'closed', isActive: true }, order: { sort: 'ASC', id: 'ASC' } });
    if (!target) throw new DomainError('invalid_transition', 'This ticket cannot be closed here. Please reply to ask us to close it.');
    const defaultOpen = await this.options.defaultOpenStatus();
    const outcome = decide({ current: statusFacts(ticket.status), defaultOpen: statusFacts(defaultOpen) }, { kind: 'change_status', setStatus: statusFacts(target) });
    if (!outcome.allowed) throw new DomainError('invalid_transition', ticket.state === 'open' ? outcome.message : 'This ticket is already closed.');
    await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const event = statusEvent(outcome, ticket.status.name, ticket.user.name);
      if (event) await this.threads.appendEvent(manager, { ticketId: ticket.id, ...event, userId: ticket.userId, posterName: ticket.user.name, at: now });
      await manager.update(Ticket, { id: ticket.id }, { ...statusColumns(outcome, now, ticket), updatedAt: now, version: () => 'version + 1' });
      await this.sla.onStatusChange(manager, ticket, ticket.status, outcome.nextStatus, now);
      await this.sla.recompute(manager, ticket.id, 'status_changed');
    });
    return ticket;
  }

  /**
   * An end user's reply from the portal. On a resolved or closed ticket it reopens the ticket when the
   * status and the settings' reopen policy allow; otherwise it is refused (409) with a pointer to open
   * a new ticket.
   */
  async userReply(access: PortalAccess | undefined, number: string, input: PostInput): Promise<Ticket> {
    const ticket = await this.findForPortal(access, number);
    // CASE: a merged ticket stays closed; its page points to the ticket its conversation went into.
    if ((await this.links.mergedInto(ticket.id)) !== null) throw new DomainError('invalid_transition', 'This ticket was merged into another ticket; please reply there.');
    // CASE: a collaborator or an organization colleague replies as themselves, not as the owner.
    const poster = access!.userId === ticket.userId ? ticket.user : await this.db.getRepository(User).findOneByOrFail({ id: access!.userId });
    const [defaultOpen, { reopenPolicy }] = await Promise.all([this.options.defaultOpenStatus(), this.settings.get()]);
    const outcome = userReplyOutcome(statusFacts(ticket.status), statusFacts(defaultOpen), reopenPolicy);
    if (!outcome.allowed) {
      // CASE: end users get no staff wording ("restore it first"): archived is simply closed to them.
      const message = outcome.code === 'ticket_archived' ? 'This ticket is closed to replies. Please open a new ticket.' : outcome.message;
      throw new DomainError('invalid_transition', message);
    }
    await this.attachments.check(input.uploads, input.uploadError);
    const stored = new StoredFiles();
    try {
      await this.db.transaction(async (manager) => {
        const now = this.clock.now();
        const entry = await this.threads.appendEntry(manager, {
          ticketId: ticket.id, type: 'message', userId: poster.id, posterName: poster.name, body: input.message, at: now,
        });
        await this.attachments.store(manager, ticket.id, entry.id, input.uploads, stored);
        const event = statusEvent(outcome, ticket.status.name, poster.name);
        if (event) await this.threads.appendEvent(manager, { ticketId: ticket.id, ...event, userId: poster.id, posterName: poster.name, at: now });
        await manager.update(Ticket, { id: ticket.id }, {
          ...statusColumns(outcome, now, ticket), lastMessageAt: now, updatedAt: now, version: () => 'version + 1',
        });
        if (outcome.statusChanged) {
          await this.sla.onStatusChange(manager, ticket, ticket.status, outcome.nextStatus, now);
          await this.sla.recompute(manager, ticket.id, 'reopened');
        }
      });
    } catch (err) {
      stored.discard();
      throw err;
    }
    return ticket;
  }
}

function refuseOverLimit(open: number, limit: number): void {
  if (open < limit) return;
  throw invalidField('email', open === 1
    ? 'You already have 1 open ticket. Please wait for it to be resolved or reply to it.'
    : `You already have ${open} open tickets. Please wait for them to be resolved or reply to one of them.`);
}
