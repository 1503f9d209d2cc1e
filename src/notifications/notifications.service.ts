import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { formatUtc } from '../jobs/alert-recipients';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { Settings } from '../settings/settings.schema';
import { SettingsService } from '../settings/settings.service';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { NoticeCode, NOTICES } from './notice-catalog';
import { assignedAgents, departmentAgents, ticketAgents, userRecipients } from './notice-recipients';
import { NoticeTemplatesService } from './notice-templates.service';
import { TemplateVars } from './template-render';
import { MailRecipient, TicketMailer } from './ticket-mailer.service';

const TICKET_RELATIONS = { user: true, department: true, status: true, priority: true, assignee: true, team: true, slaPlan: true } as const;

/**
 * The one place thread activity becomes mail. ThreadService tells it of every entry and event; it
 * collects them per transaction and, just before that transaction commits, decides the notices with
 * the ticket as the change left it, and queues them in the same transaction (SECURITY 7). After the
 * commit it kicks delivery. Entries written outside a transaction are handled at once.
 *
 * Rules: the end user (and the collaborators, for agent replies) get autoresponses, replies and the
 * resolved notice; agents get alerts; the agent who acted never gets one; global switches (settings),
 * the template's own switch and the per-department opt-outs are honoured.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy, EntitySubscriberInterface {
  private unhook: (() => void) | null = null;
  private readonly pending = new Map<QueryRunner, ThreadEntry[]>();
  private readonly queued = new Set<QueryRunner>();
  /** Transactions whose autoresponses were called off (mail that must not be answered automatically). */
  private readonly quiet = new WeakSet<QueryRunner>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: NoticeTemplatesService,
    private readonly mailer: TicketMailer,
    private readonly outbox: MailOutboxService,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    this.unhook = ThreadService.onAppend(this.db, (manager, entry) => this.appended(manager, entry));
    this.db.subscribers.push(this);
  }

  onModuleDestroy(): void {
    this.unhook?.();
    const at = this.db.subscribers.indexOf(this);
    if (at >= 0) this.db.subscribers.splice(at, 1);
  }

  /**
   * Calls off autoresponses for what this transaction appends (e.g. intake of mail that is itself
   * automatic, or over a sender's autoresponse cap). Alerts to agents still go out.
   */
  suppressAutoresponses(manager: EntityManager): void {
    if (manager.queryRunner) this.quiet.add(manager.queryRunner);
  }

  /**
   * Mails an end user a signed link to one ticket on the portal (the "access link" notice), in the
   * caller's transaction; the body is blanked in the log once sent.
   */
  async sendAccessLink(manager: EntityManager, ticket: Ticket, user: User): Promise<void> {
    const full = await manager.findOneOrFail(Ticket, { where: { id: ticket.id }, relations: TICKET_RELATIONS });
    const template = await this.templates.forDepartment(manager, 'access.link', null);
    const wording = template ?? { subject: NOTICES['access.link'].subject, text: NOTICES['access.link'].text, html: NOTICES['access.link'].html };
    const settings = await this.settings.get();
    await this.mailer.send(manager, full, { userId: user.id, email: user.email, name: user.name }, wording, this.vars(full, settings), { automatic: false, sensitive: true });
    this.markQueued(manager);
  }

  private async appended(manager: EntityManager, entry: ThreadEntry): Promise<void> {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      const list = this.pending.get(runner) ?? [];
      list.push(entry);
      this.pending.set(runner, list);
      return;
    }
    if (await this.dispatch(manager, [entry], false)) this.outbox.kick();
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    // A savepoint's release: wait for the outer commit (transactionDepth is public on every driver's runner).
    if ((runner as QueryRunner & { transactionDepth?: number }).transactionDepth! > 1) return;
    const entries = this.pending.get(runner);
    if (!entries) return;
    this.pending.delete(runner);
    if (await this.dispatch(runner.manager, entries, this.quiet.has(runner))) this.queued.add(runner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive || !this.queued.has(runner)) return;
    this.queued.delete(runner);
    this.quiet.delete(runner);
    this.outbox.kick();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return;
    this.pending.delete(runner);
    this.queued.delete(runner);
    this.quiet.delete(runner);
  }

  private markQueued(manager: EntityManager): void {
    if (manager.queryRunner?.isTransactionActive) this.queued.add(manager.queryRunner);
    else this.outbox.kick();
  }

  /** Queues the notices for a batch of appended entries, ticket by ticket; true when any mail was queued. */
  private async dispatch(manager: EntityManager, entries: ThreadEntry[], quiet: boolean): Promise<boolean> {
    const byTicket = new Map<number, ThreadEntry[]>();
    for (const e of entries) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e]);
    const settings = await this.settings.get();
    let sent = 0;
    for (const [ticketId, batch] of byTicket) {
      const ticket = await manager.findOne(Ticket, { where: { id: ticketId }, relations: TICKET_RELATIONS });
      if (!ticket) continue;
      // CASE: a MySQL transaction reads its snapshot, so a user that a simultaneous opening from the same
      // new address committed a moment ago (a double submit) is visible only to a locking read.
      if (!ticket.user) ticket.user = await this.currentUser(manager, ticket.userId);
      sent += await new TicketBatch(this, manager, ticket, batch, settings, quiet || (await this.inboundSaysQuiet(manager, batch))).run();
    }
    return sent > 0;
  }

  /** Sends one notice to each recipient (minus the agent who acted); returns how many mails were queued. */
  async notify(manager: EntityManager, ticket: Ticket, code: NoticeCode, recipients: MailRecipient[], vars: TemplateVars, settings: Settings, actorStaffId: number | null): Promise<number> {
    const notice = NOTICES[code];
    if (notice.switch === 'autoresponder' && !settings.autoresponderEnabled) return 0;
    if (notice.switch === 'alerts' && !settings.alertsEnabled) return 0;
    const wanted = recipients.filter((r) => r.staffId === undefined || r.staffId !== actorStaffId);
    if (wanted.length === 0) return 0;
    const template = await this.templates.forDepartment(manager, code, ticket.departmentId);
    if (!template) return 0;
    for (const to of wanted) await this.mailer.send(manager, ticket, to, template, vars, { automatic: notice.automatic });
    return wanted.length;
  }

  vars(ticket: Ticket, settings: Settings): TemplateVars {
    return {
      'ticket.number': ticket.number, 'ticket.subject': ticket.subject, 'ticket.status': ticket.status.name, 'ticket.priority': ticket.priority.name,
      'ticket.department': ticket.department.name, 'user.name': ticket.user.name, 'user.email': ticket.user.email,
      'assignee.name': [ticket.assignee?.name, ticket.team?.name].filter(Boolean).join(' / ') || null,
      'helpdesk.name': settings.helpdeskName,
    };
  }

  private async currentUser(manager: EntityManager, id: number): Promise<User> {
    const query = manager.createQueryBuilder(User, 'u').where('u.id = :id', { id });
    if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_read');
    return query.getOneOrFail();
  }

  /**
   * CASE: the inbound channel records, per mail it posts, whether that mail may be answered automatically
   * (not automatic itself, under the sender's cap). Read by table name: the channel owns that table.
   */
  private async inboundSaysQuiet(manager: EntityManager, batch: ThreadEntry[]): Promise<boolean> {
    const inbound = manager.connection.entityMetadatas.find((m) => m.tableName === 'inbound_mails');
    if (!inbound?.findColumnWithPropertyName('autoRespond') || !inbound.findColumnWithPropertyName('threadEntryId')) return false;
    const ids = batch.filter((e) => e.type === 'message').map((e) => e.id);
    if (ids.length === 0) return false;
    const row = await manager.createQueryBuilder(inbound.target, 'm').select('m.autoRespond', 'autoRespond')
      .where('m.threadEntryId IN (:...ids)', { ids }).limit(1).getRawOne<{ autoRespond: number | boolean }>();
    return row !== undefined && !row.autoRespond;
  }
}

/** The notices one ticket's entries of one transaction call for. */
class TicketBatch {
  private readonly base: TemplateVars;

  constructor(
    private readonly n: NotificationsService,
    private readonly manager: EntityManager,
    private readonly ticket: Ticket,
    private readonly entries: ThreadEntry[],
    private readonly settings: Settings,
    private readonly quiet: boolean,
  ) {
    this.base = n.vars(ticket, settings);
  }

  async run(): Promise<number> {
    const created = this.entries.find((e) => e.type === 'event' && e.event === 'created');
    // CASE: an intake filter may call off the autoresponse for the new ticket (its event follows 'created').
    const filtersQuiet = this.entries.some((e) => e.event === 'filters_applied' && Number(e.data?.suppressAutoresponse) === 1);
    let sent = 0;
    for (const entry of this.entries) sent += await this.one(entry, created, filtersQuiet);
    return sent;
  }

  private async one(entry: ThreadEntry, created: ThreadEntry | undefined, filtersQuiet: boolean): Promise<number> {
    const { manager, ticket, settings } = this;
    const vars = (extra: TemplateVars) => ({ ...this.base, 'poster.name': entry.posterName, ...extra });
    const notify = (code: NoticeCode, to: MailRecipient[], extra: TemplateVars = {}) => this.n.notify(manager, ticket, code, to, vars(extra), settings, entry.staffId);
    if (entry.type === 'message') {
      if (created) return 0; // the opening message: the 'created' notices carry it
      const poster = entry.userId !== null ? await this.user(entry.userId) : [];
      return (this.quiet ? 0 : await notify('message.autoresponse', poster, { message: entry.body }))
        + (await notify('message.alert', await ticketAgents(manager, ticket), { message: entry.body }));
    }
    // CASE: a response without an agent is an automatic reply (an intake filter's canned reply), mailed by its writer.
    if (entry.type === 'response') return entry.staffId === null ? 0 : notify('response.user', await userRecipients(manager, ticket), { message: entry.body });
    if (entry.type === 'note') return notify('note.alert', await ticketAgents(manager, ticket), { message: entry.body, 'note.title': entry.title ?? '' });
    switch (entry.event) {
      case 'created': {
        const first = this.entries.find((e) => e.type === 'message');
        const message = { message: first?.body ?? '' };
        return (this.quiet || filtersQuiet ? 0 : await notify('ticket.autoresponse', await this.user(ticket.userId), message))
          + (await notify('ticket.alert', await departmentAgents(manager, ticket.departmentId), message));
      }
      case 'assigned': {
        const staffId = typeof entry.data?.staffId === 'number' ? entry.data.staffId : null;
        const teamId = typeof entry.data?.teamId === 'number' ? entry.data.teamId : null;
        const to = typeof entry.data?.to === 'string' ? entry.data.to : this.base['assignee.name'];
        return notify('assigned.alert', await assignedAgents(manager, staffId ?? (teamId === null ? ticket.staffId : null), teamId), { 'assignee.name': to });
      }
      case 'transferred':
        return notify('transfer.alert', await departmentAgents(manager, ticket.departmentId));
      case 'overdue': {
        // CASE: overdue alerts follow the ticket's SLA plan's alert switch, as they always have.
        if (!ticket.slaPlan?.alertsEnabled) return 0;
        const target = entry.data?.target === 'first_response' ? 'first response' : 'resolution';
        const due = typeof entry.data?.dueAt === 'string' ? formatUtc(new Date(entry.data.dueAt)) : '';
        return notify('overdue.alert', await ticketAgents(manager, ticket), {
          'overdue.target': target, 'overdue.due': due, 'overdue.label': target === 'resolution' ? 'Resolution overdue' : 'First response overdue',
        });
      }
      case 'closed':
      case 'status_changed':
        if (ticket.state !== 'closed' || this.entries.some((e) => e !== entry && e.id > entry.id && (e.event === 'closed' || e.event === 'status_changed'))) return 0;
        // CASE: a merge closes the merged ticket but nothing was resolved: its people follow the survivor.
        if (this.entries.some((e) => e.event === 'merged')) return 0;
        return notify('resolved.notice', await this.user(ticket.userId));
      default:
        return 0;
    }
  }

  private async user(userId: number): Promise<MailRecipient[]> {
    const user = userId === this.ticket.userId ? this.ticket.user : await this.manager.findOneBy(User, { id: userId });
    return user ? [{ userId: user.id, email: user.email, name: user.name }] : [];
  }
}
