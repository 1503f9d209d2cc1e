import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { SubmittedValue } from '../forms/field-values';
import { describeChanges, TicketFieldsService } from '../forms/ticket-fields.service';
import { SlaService } from '../sla/sla.service';
import { Permission } from '../staff/permissions';
import { ThreadService } from '../threads/thread.service';
import { AgentScope, canSeeTicket, hasTicketPermission } from './ticket-access';
import { decide, LifecycleOutcome, TicketAction } from './ticket-lifecycle';
import { statusFacts, TicketOptionsService } from './ticket-options.service';
import { statusColumns, statusEvent } from './ticket-state';
import { PostInput } from './ticket-intake.service';
import { Ticket } from './ticket.entity';

type Allowed = Extract<LifecycleOutcome, { allowed: true }>;

interface ActionContext {
  manager: EntityManager;
  ticket: Ticket;
  outcome: Allowed;
  now: Date;
}

export interface AgentPostInput extends PostInput {
  statusId: number | null;
  title?: string;
}

const ACTION_NAMES: Partial<Record<Permission, string>> = {
  'ticket.reply': 'reply to', 'ticket.assign': 'assign', 'ticket.transfer': 'transfer', 'ticket.edit': 'edit',
  'ticket.close': 'close', 'ticket.delete': 'delete',
};

/**
 * What agents do to a ticket. Every method: access check (404 when the agent may not see it), role
 * permission, the lifecycle rule, then the writes and their thread event in one transaction.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly options: TicketOptionsService,
    private readonly threads: ThreadService,
    private readonly attachments: AttachmentsService,
    private readonly ticketFields: TicketFieldsService,
    private readonly clock: Clock,
    private readonly sla: SlaService,
  ) {}

  /** Posts a reply the user sees; marks the ticket answered and may change its status in the same step. */
  async reply(scope: AgentScope, ticketId: number, input: AgentPostInput): Promise<void> {
    const setStatus = input.statusId ? statusFacts(await this.options.requireStatus(input.statusId)) : undefined;
    await this.attachments.check(input.uploads, input.uploadError);
    await this.withStoredFiles((stored) =>
      this.act(scope, ticketId, 'ticket.reply', { kind: 'agent_reply', setStatus }, async ({ manager, ticket, outcome, now }) => {
        const entry = await this.threads.appendEntry(manager, { ticketId, type: 'response', staffId: scope.staffId, posterName: scope.name, body: input.message, at: now });
        await this.attachments.store(manager, ticketId, entry.id, input.uploads, stored);
        await this.writeStatus({ manager, ticket, outcome, now }, scope, {
          lastResponseAt: now, ...(ticket.firstResponseAt ? {} : { firstResponseAt: now }),
        });
      }),
    );
  }

  /** An internal note: agents only, never shown to the user. */
  async note(scope: AgentScope, ticketId: number, input: AgentPostInput): Promise<void> {
    const setStatus = input.statusId ? statusFacts(await this.options.requireStatus(input.statusId)) : undefined;
    await this.attachments.check(input.uploads, input.uploadError);
    await this.withStoredFiles((stored) =>
      this.act(scope, ticketId, null, { kind: 'internal_note', setStatus }, async (ctx) => {
        const entry = await this.threads.appendEntry(ctx.manager, {
          ticketId, type: 'note', staffId: scope.staffId, posterName: scope.name, title: input.title || null, body: input.message, at: ctx.now,
        });
        await this.attachments.store(ctx.manager, ticketId, entry.id, input.uploads, stored);
        await this.writeStatus(ctx, scope, {});
      }),
    );
  }

  /**
   * Changes the status. Closing needs the close permission, deleting the delete permission. An optional
   * comment is kept as an internal note (a resolution note when the ticket is being closed).
   */
  async changeStatus(scope: AgentScope, ticketId: number, statusId: number | null, comment: string): Promise<void> {
    const target = await this.options.requireStatus(statusId);
    const permission: Permission | null = target.state === 'deleted' ? 'ticket.delete' : target.state === 'closed' ? 'ticket.close' : null;
    await this.act(scope, ticketId, permission, { kind: 'change_status', setStatus: statusFacts(target) }, async (ctx) => {
      await this.writeStatus(ctx, scope, {});
      if (comment) {
        const title = ctx.outcome.closed ? 'Resolution note' : `Note on status change to ${target.name}`;
        await this.threads.appendEntry(ctx.manager, { ticketId, type: 'note', staffId: scope.staffId, posterName: scope.name, title, body: comment, at: ctx.now });
      }
    });
  }

  async assign(scope: AgentScope, ticketId: number, staffId: number | null, comment: string): Promise<void> {
    const agent = await this.options.requireAgent(staffId);
    await this.act(scope, ticketId, 'ticket.assign', { kind: 'assign' }, async (ctx) => {
      if (ctx.ticket.staffId === agent.id) throw invalidField('staffId', `The ticket is already assigned to ${agent.name}.`);
      const text = agent.id === scope.staffId ? `${scope.name} claimed the ticket` : `${scope.name} assigned the ticket to ${agent.name}`;
      await this.update(ctx, { staffId: agent.id }, { event: 'assigned', text, data: { staffId: agent.id, to: agent.name } }, scope, comment, 'Assignment comment');
    });
  }

  async transfer(scope: AgentScope, ticketId: number, departmentId: number | null, comment: string): Promise<void> {
    const department = await this.options.requireDepartment(departmentId);
    await this.act(scope, ticketId, 'ticket.transfer', { kind: 'transfer' }, async (ctx) => {
      if (ctx.ticket.departmentId === department.id) throw invalidField('departmentId', `The ticket is already in ${department.name}.`);
      const from = ctx.ticket.department.name;
      const text = `${scope.name} transferred the ticket from ${from} to ${department.name}`;
      await this.update(ctx, { departmentId: department.id }, { event: 'transferred', text, data: { from, to: department.name } }, scope, comment, 'Transfer comment');
      // CASE: the ticket keeps its SLA plan across departments; its due times are recomputed all the same.
      await this.sla.recompute(ctx.manager, ticketId, 'transferred');
    });
  }

  async setPriority(scope: AgentScope, ticketId: number, priorityId: number | null): Promise<void> {
    const priority = await this.options.requirePriority(priorityId);
    await this.act(scope, ticketId, 'ticket.edit', { kind: 'set_priority' }, async (ctx) => {
      if (ctx.ticket.priorityId === priority.id) return;
      const text = `${scope.name} changed the priority from ${ctx.ticket.priority.name} to ${priority.name}`;
      await this.update(ctx, { priorityId: priority.id }, { event: 'priority_changed', text, data: { from: ctx.ticket.priority.name, to: priority.name } }, scope);
    });
  }

  async setTopic(scope: AgentScope, ticketId: number, topicId: number | null): Promise<void> {
    const topic = await this.options.requireTopic(topicId, 'agent');
    await this.act(scope, ticketId, 'ticket.edit', { kind: 'set_topic' }, async (ctx) => {
      if (ctx.ticket.helpTopicId === topic.id) return;
      const from = ctx.ticket.helpTopic?.fullName ?? 'none';
      const text = `${scope.name} changed the help topic from ${from} to ${topic.fullName}`;
      await this.update(ctx, { helpTopicId: topic.id }, { event: 'topic_changed', text, data: { from, to: topic.fullName } }, scope);
    });
  }

  /** Sets the SLA plan; `null` clears it. */
  async setSlaPlan(scope: AgentScope, ticketId: number, slaPlanId: number | null): Promise<void> {
    const plan = slaPlanId === null ? null : await this.options.requireSlaPlan(slaPlanId);
    await this.act(scope, ticketId, 'ticket.edit', { kind: 'set_sla' }, async (ctx) => {
      if (ctx.ticket.slaPlanId === (plan?.id ?? null)) return;
      const from = ctx.ticket.slaPlan?.name ?? 'none';
      const text = `${scope.name} changed the SLA plan from ${from} to ${plan?.name ?? 'none'}`;
      await this.update(ctx, { slaPlanId: plan?.id ?? null }, { event: 'sla_changed', text, data: { from, to: plan?.name ?? 'none' } }, scope);
      await this.sla.recompute(ctx.manager, ticketId, 'plan_changed');
    });
  }

  /** Sets the manual due date, which wins over the SLA plan's resolution due; `null` clears it. */
  async setDueDate(scope: AgentScope, ticketId: number, dueAt: Date | null): Promise<void> {
    await this.act(scope, ticketId, 'ticket.edit', { kind: 'set_sla' }, async (ctx) => {
      const before = ctx.ticket.dueAt ? new Date(ctx.ticket.dueAt).toISOString() : null;
      const after = dueAt?.toISOString() ?? null;
      if (before === after) return;
      const text = after ? `${scope.name} set the due date to ${after}` : `${scope.name} cleared the due date`;
      await this.update(ctx, { dueAt }, { event: 'due_changed', text, data: { from: before, to: after } }, scope);
      await this.sla.recompute(ctx.manager, ticketId, 'due_changed');
    });
  }

  /**
   * Changes the ticket's answers to its help topic's custom fields (agents may change every one, the
   * agents-only ones included). All answers are checked first (a 422 naming the failing inputs); only
   * the changed ones are written, with one `fields_changed` event listing them. Returns how many changed.
   */
  async setFields(scope: AgentScope, ticketId: number, submitted: Record<string, SubmittedValue>): Promise<number> {
    let changed = 0;
    // The answers are details of what the ticket is about: the lifecycle rule of its help topic applies.
    await this.act(scope, ticketId, 'ticket.edit', { kind: 'set_topic' }, async (ctx) => {
      const changes = await this.ticketFields.change(ctx.manager, ctx.ticket, submitted);
      changed = changes.length;
      if (changes.length === 0) return;
      await this.threads.appendEvent(ctx.manager, {
        ticketId, event: 'fields_changed', text: `${scope.name} changed ${describeChanges(changes)}`, staffId: scope.staffId, posterName: scope.name,
        data: { fields: changes.map((c) => c.field.name).join(',') }, at: ctx.now,
      });
      await this.bump(ctx, {});
    });
    return changed;
  }

  /** Loads and locks the ticket, checks access, permission and the lifecycle, then runs `work`. */
  private async act(scope: AgentScope, ticketId: number, permission: Permission | null, action: TicketAction, work: (ctx: ActionContext) => Promise<void>): Promise<void> {
    const defaultOpen = statusFacts(await this.options.defaultOpenStatus());
    await this.db.transaction(async (manager) => {
      // SQLite has one writer at a time; on MySQL lock the ticket row alone (not its joined lookups)
      // so two agents' changes to one ticket queue while other tickets go on.
      if (this.db.options.type !== 'better-sqlite3') await manager.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE', [ticketId]);
      const ticket = await manager.getRepository(Ticket).findOne({
        where: { id: ticketId },
        relations: { status: true, department: true, priority: true, helpTopic: true, slaPlan: true },
      });
      if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
      if (permission && !hasTicketPermission(scope, ticket, permission)) {
        throw new DomainError('forbidden', `Your role does not allow you to ${ACTION_NAMES[permission] ?? 'change'} this ticket.`);
      }
      const outcome = decide({ current: statusFacts(ticket.status), defaultOpen }, action);
      if (!outcome.allowed) throw new DomainError('invalid_transition', outcome.message);
      await work({ manager, ticket, outcome, now: this.clock.now() });
    });
  }

  private async writeStatus(ctx: ActionContext, scope: AgentScope, extra: Partial<Ticket>): Promise<void> {
    const event = statusEvent(ctx.outcome, ctx.ticket.status.name, scope.name);
    if (event) {
      await this.threads.appendEvent(ctx.manager, {
        ticketId: ctx.ticket.id, ...event, staffId: scope.staffId, posterName: scope.name,
        data: { from: ctx.ticket.status.name, to: ctx.outcome.nextStatus.name }, at: ctx.now,
      });
    }
    await this.bump(ctx, { ...statusColumns(ctx.outcome, ctx.now), ...extra });
    if (ctx.outcome.statusChanged) await this.sla.onStatusChange(ctx.manager, ctx.ticket, ctx.ticket.status, ctx.outcome.nextStatus, ctx.now);
    // A status change moves the clock; a first response meets its target.
    if (ctx.outcome.statusChanged || 'firstResponseAt' in extra) {
      await this.sla.recompute(ctx.manager, ctx.ticket.id, ctx.outcome.statusChanged ? 'status_changed' : 'first_response');
    }
  }

  private async update(
    ctx: ActionContext, columns: Partial<Ticket>, event: { event: 'assigned' | 'transferred' | 'priority_changed' | 'topic_changed' | 'sla_changed' | 'due_changed'; text: string; data: Record<string, string | number | null> },
    scope: AgentScope, comment = '', commentTitle = '',
  ): Promise<void> {
    await this.threads.appendEvent(ctx.manager, { ticketId: ctx.ticket.id, ...event, staffId: scope.staffId, posterName: scope.name, at: ctx.now });
    if (comment) {
      await this.threads.appendEntry(ctx.manager, { ticketId: ctx.ticket.id, type: 'note', staffId: scope.staffId, posterName: scope.name, title: commentTitle, body: comment, at: ctx.now });
    }
    await this.bump(ctx, columns);
  }

  private async bump(ctx: ActionContext, columns: Partial<Ticket>): Promise<void> {
    await ctx.manager.update(Ticket, { id: ctx.ticket.id }, { ...columns, updatedAt: ctx.now, version: () => 'version + 1' });
  }

  private async withStoredFiles(run: (stored: StoredFiles) => Promise<void>): Promise<void> {
    const stored = new StoredFiles();
    try {
      await run(stored);
    } catch (err) {
      stored.discard();
      throw err;
    }
  }
}
