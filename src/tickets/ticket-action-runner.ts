import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { SlaService } from '../sla/sla.service';
import { Permission } from '../staff/permissions';
import { ThreadEntry, ThreadEventName } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { AgentScope, canSeeTicket, hasTicketPermission } from './ticket-access';
import { decide, LifecycleOutcome, TicketAction } from './ticket-lifecycle';
import { statusFacts, TicketOptionsService } from './ticket-options.service';
import { statusColumns, statusEvent } from './ticket-state';
import { Ticket } from './ticket.entity';

type Allowed = Extract<LifecycleOutcome, { allowed: true }>;

export interface ActionContext {
  manager: EntityManager;
  ticket: Ticket;
  outcome: Allowed;
  now: Date;
}

/** An event one field change writes. */
export interface FieldEvent {
  event: ThreadEventName;
  text: string;
  data: Record<string, string | number | null>;
}

const ACTION_NAMES: Partial<Record<Permission, string>> = {
  'ticket.reply': 'reply to', 'ticket.assign': 'assign', 'ticket.release': 'release', 'ticket.transfer': 'transfer', 'ticket.edit': 'edit',
  'ticket.close': 'close', 'ticket.delete': 'delete', 'ticket.merge': 'merge', 'ticket.link': 'link',
};

export const STALE_FORM_MESSAGE = 'Someone posted to this ticket after you opened it. Read the new entries (highlighted), then submit again.';

/**
 * The frame every agent action on a ticket runs in: one transaction, the ticket row locked (MySQL),
 * access (404 when the agent may not see it), role permission, the collision guard, the lifecycle rule,
 * then the action's writes. The helpers below write the status, field changes and their thread events.
 */
@Injectable()
export class TicketActionRunner {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly options: TicketOptionsService,
    private readonly threads: ThreadService,
    private readonly clock: Clock,
    private readonly sla: SlaService,
  ) {}

  /**
   * Loads and locks the ticket, checks access, permission, the collision guard and the lifecycle, then
   * runs `work`. `seenEntryId` is the newest thread entry the agent had on screen (the forms' lastEntryId):
   * when someone else has written to the thread since, nothing is written and a `stale_form` is thrown.
   */
  async act(
    scope: AgentScope, ticketId: number, permission: Permission | null, action: TicketAction,
    work: (ctx: ActionContext) => Promise<void>, seenEntryId?: number | null,
  ): Promise<void> {
    const defaultOpen = statusFacts(await this.options.defaultOpenStatus());
    await this.db.transaction(async (manager) => {
      const ticket = await this.load(manager, scope, ticketId, permission);
      if (seenEntryId !== undefined && seenEntryId !== null) await this.checkSeen(manager, scope, ticketId, seenEntryId);
      const outcome = decide({ current: statusFacts(ticket.status), defaultOpen }, action);
      if (!outcome.allowed) throw new DomainError('invalid_transition', outcome.message);
      await work({ manager, ticket, outcome, now: this.clock.now() });
    });
  }

  /**
   * The ticket, locked for the transaction, when the agent may see it (else 404) and their role allows
   * `permission` on it (else 403).
   */
  async load(manager: EntityManager, scope: AgentScope, ticketId: number, permission: Permission | null): Promise<Ticket> {
    // SQLite has one writer at a time; on MySQL lock the ticket row alone (not its joined lookups)
    // so two agents' changes to one ticket queue while other tickets go on.
    if (this.db.options.type !== 'better-sqlite3') await manager.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE', [ticketId]);
    const ticket = await manager.getRepository(Ticket).findOne({
      where: { id: ticketId },
      relations: { status: true, department: true, priority: true, helpTopic: true, slaPlan: true, assignee: true, team: true },
    });
    if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
    if (permission && !hasTicketPermission(scope, ticket, permission)) {
      throw new DomainError('forbidden', `Your role does not allow you to ${ACTION_NAMES[permission] ?? 'change'} this ticket.`);
    }
    return ticket;
  }

  /**
   * SECURITY 9: refuses a form built before someone else wrote to the thread (a message, reply, note or
   * event). CASE: the agent's own later entries (another tab) do not count; they already know them.
   */
  async checkSeen(manager: EntityManager, scope: AgentScope, ticketId: number, seenEntryId: number): Promise<void> {
    const newer = await manager.getRepository(ThreadEntry).createQueryBuilder('e').select('e.id')
      .where('e.ticketId = :ticketId AND e.id > :seenEntryId', { ticketId, seenEntryId })
      .andWhere('(e.staffId IS NULL OR e.staffId <> :staffId)', { staffId: scope.staffId })
      .limit(1).getMany();
    if (newer.length > 0) throw new DomainError('stale_form', STALE_FORM_MESSAGE);
  }

  async writeStatus(ctx: ActionContext, scope: AgentScope, extra: Partial<Ticket>): Promise<void> {
    const event = statusEvent(ctx.outcome, ctx.ticket.status.name, scope.name);
    if (event) {
      await this.threads.appendEvent(ctx.manager, {
        ticketId: ctx.ticket.id, ...event, staffId: scope.staffId, posterName: scope.name,
        data: { from: ctx.ticket.status.name, to: ctx.outcome.nextStatus.name }, at: ctx.now,
      });
    }
    await this.bump(ctx, { ...statusColumns(ctx.outcome, ctx.now, ctx.ticket), ...extra });
    if (ctx.outcome.statusChanged) await this.sla.onStatusChange(ctx.manager, ctx.ticket, ctx.ticket.status, ctx.outcome.nextStatus, ctx.now);
    // A status change moves the clock; a first response meets its target.
    if (ctx.outcome.statusChanged || 'firstResponseAt' in extra) {
      await this.sla.recompute(ctx.manager, ctx.ticket.id, ctx.outcome.statusChanged ? 'status_changed' : 'first_response');
    }
  }

  /** Writes changed columns with their event, and an optional comment as an internal note. */
  async update(ctx: ActionContext, columns: Partial<Ticket>, event: FieldEvent, scope: AgentScope, comment = '', commentTitle = ''): Promise<void> {
    await this.threads.appendEvent(ctx.manager, { ticketId: ctx.ticket.id, ...event, staffId: scope.staffId, posterName: scope.name, at: ctx.now });
    if (comment) {
      await this.threads.appendEntry(ctx.manager, { ticketId: ctx.ticket.id, type: 'note', staffId: scope.staffId, posterName: scope.name, title: commentTitle, body: comment, at: ctx.now });
    }
    await this.bump(ctx, columns);
  }

  async bump(ctx: ActionContext, columns: Partial<Ticket>): Promise<void> {
    await ctx.manager.update(Ticket, { id: ctx.ticket.id }, { ...columns, updatedAt: ctx.now, version: () => 'version + 1' });
  }
}
