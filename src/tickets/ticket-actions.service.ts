import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttachmentsService, StoredFiles } from '../attachments/attachments.service';
import { invalidField } from '../common/errors';
import { UploadedFile } from '../common/request-context';
import { MAX_BODY_CHARS } from '../database/columns';
import { SubmittedValue } from '../forms/field-values';
import { describeChanges, TicketFieldsService } from '../forms/ticket-fields.service';
import { SlaService } from '../sla/sla.service';
import { Permission } from '../staff/permissions';
import { Staff } from '../staff/staff.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketActionRunner } from './ticket-action-runner';
import { AgentScope } from './ticket-access';
import { statusFacts, TicketOptionsService } from './ticket-options.service';
import { PostInput } from './ticket-intake.service';
import { instantToLocal } from '../sla/local-time';
import { SettingsService } from '../settings/settings.service';

export interface AgentPostInput extends PostInput {
  statusId: number | null;
  title?: string;
  /** The newest thread entry the agent had on screen (collision guard); undefined skips the guard. */
  seenEntryId?: number | null;
  /** Append the agent's signature to a reply (default: no). */
  appendSignature?: boolean;
  /** Files of the canned responses inserted into the reply, attached with the uploads (checked when the admin added them). */
  cannedFiles?: UploadedFile[];
}

/**
 * What agents do to a ticket. Every method runs in TicketActionRunner.act: access check (404 when the
 * agent may not see it), role permission, the collision guard (`seenEntryId`), the lifecycle rule, then
 * the writes and their thread event in one transaction.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    private readonly runner: TicketActionRunner,
    private readonly options: TicketOptionsService,
    private readonly threads: ThreadService,
    private readonly attachments: AttachmentsService,
    private readonly ticketFields: TicketFieldsService,
    private readonly sla: SlaService,
    private readonly settings: SettingsService,
  ) {}

  /** Posts a reply the user sees; marks the ticket answered and may change its status in the same step. */
  async reply(scope: AgentScope, ticketId: number, input: AgentPostInput): Promise<void> {
    const setStatus = input.statusId ? statusFacts(await this.options.requireStatus(input.statusId)) : undefined;
    await this.attachments.check(input.uploads, input.uploadError);
    await this.withStoredFiles((stored) =>
      this.runner.act(scope, ticketId, 'ticket.reply', { kind: 'agent_reply', setStatus }, async (ctx) => {
        const { manager, ticket, now } = ctx;
        const body = input.appendSignature ? withSignature(input.message, await this.signature(manager, scope)) : input.message;
        const entry = await this.threads.appendEntry(manager, { ticketId, type: 'response', staffId: scope.staffId, posterName: scope.name, body, at: now });
        await this.attachments.store(manager, ticketId, entry.id, [...input.uploads, ...(input.cannedFiles ?? [])], stored);
        await this.runner.writeStatus(ctx, scope, {
          lastResponseAt: now, ...(ticket.firstResponseAt ? {} : { firstResponseAt: now }),
        });
      }, input.seenEntryId),
    );
  }

  /** An internal note: agents only, never shown to the user. */
  async note(scope: AgentScope, ticketId: number, input: AgentPostInput): Promise<void> {
    const setStatus = input.statusId ? statusFacts(await this.options.requireStatus(input.statusId)) : undefined;
    await this.attachments.check(input.uploads, input.uploadError);
    await this.withStoredFiles((stored) =>
      this.runner.act(scope, ticketId, null, { kind: 'internal_note', setStatus }, async (ctx) => {
        const entry = await this.threads.appendEntry(ctx.manager, {
          ticketId, type: 'note', staffId: scope.staffId, posterName: scope.name, title: input.title || null, body: input.message, at: ctx.now,
        });
        await this.attachments.store(ctx.manager, ticketId, entry.id, input.uploads, stored);
        await this.runner.writeStatus(ctx, scope, {});
      }, input.seenEntryId),
    );
  }

  /**
   * Changes the status. Closing needs the close permission, deleting the delete permission. An optional
   * comment is kept as an internal note (a resolution note when the ticket is being closed).
   */
  async changeStatus(scope: AgentScope, ticketId: number, statusId: number | null, comment: string, seenEntryId?: number | null): Promise<void> {
    const target = await this.options.requireStatus(statusId);
    const permission: Permission | null = target.state === 'deleted' ? 'ticket.delete' : target.state === 'closed' ? 'ticket.close' : null;
    await this.runner.act(scope, ticketId, permission, { kind: 'change_status', setStatus: statusFacts(target) }, async (ctx) => {
      await this.runner.writeStatus(ctx, scope, {});
      if (comment) {
        const title = ctx.outcome.closed ? 'Resolution note' : `Note on status change to ${target.name}`;
        await this.threads.appendEntry(ctx.manager, { ticketId, type: 'note', staffId: scope.staffId, posterName: scope.name, title, body: comment, at: ctx.now });
      }
    }, seenEntryId);
  }

  /** Assigns the ticket to an agent (claiming it when it is oneself); an optional comment is kept as a note. */
  async assign(scope: AgentScope, ticketId: number, staffId: number | null, comment: string, seenEntryId?: number | null): Promise<void> {
    const agent = await this.options.requireAgent(staffId);
    await this.runner.act(scope, ticketId, 'ticket.assign', { kind: 'assign' }, async (ctx) => {
      if (ctx.ticket.staffId === agent.id) throw invalidField('staffId', `The ticket is already assigned to ${agent.name}.`);
      const previous = ctx.ticket.assignee?.name ?? null;
      const text = agent.id === scope.staffId ? `${scope.name} claimed the ticket`
        : previous ? `${scope.name} reassigned the ticket from ${previous} to ${agent.name}` : `${scope.name} assigned the ticket to ${agent.name}`;
      await this.runner.update(ctx, { staffId: agent.id }, { event: 'assigned', text, data: { staffId: agent.id, to: agent.name, from: previous } }, scope, comment, 'Assignment comment');
    }, seenEntryId);
  }

  async transfer(scope: AgentScope, ticketId: number, departmentId: number | null, comment: string, seenEntryId?: number | null): Promise<void> {
    const department = await this.options.requireDepartment(departmentId);
    await this.runner.act(scope, ticketId, 'ticket.transfer', { kind: 'transfer' }, async (ctx) => {
      if (ctx.ticket.departmentId === department.id) throw invalidField('departmentId', `The ticket is already in ${department.name}.`);
      const from = ctx.ticket.department.name;
      const text = `${scope.name} transferred the ticket from ${from} to ${department.name}`;
      await this.runner.update(ctx, { departmentId: department.id }, { event: 'transferred', text, data: { from, to: department.name } }, scope, comment, 'Transfer comment');
      // CASE: the ticket keeps its SLA plan across departments; its due times are recomputed all the same.
      await this.sla.recompute(ctx.manager, ticketId, 'transferred');
    }, seenEntryId);
  }

  async setPriority(scope: AgentScope, ticketId: number, priorityId: number | null, seenEntryId?: number | null): Promise<void> {
    const priority = await this.options.requirePriority(priorityId);
    await this.runner.act(scope, ticketId, 'ticket.edit', { kind: 'set_priority' }, async (ctx) => {
      if (ctx.ticket.priorityId === priority.id) return;
      const text = `${scope.name} changed the priority from ${ctx.ticket.priority.name} to ${priority.name}`;
      await this.runner.update(ctx, { priorityId: priority.id }, { event: 'priority_changed', text, data: { from: ctx.ticket.priority.name, to: priority.name } }, scope);
    }, seenEntryId);
  }

  async setTopic(scope: AgentScope, ticketId: number, topicId: number | null, seenEntryId?: number | null): Promise<void> {
    const topic = await this.options.requireTopic(topicId, 'agent');
    await this.runner.act(scope, ticketId, 'ticket.edit', { kind: 'set_topic' }, async (ctx) => {
      if (ctx.ticket.helpTopicId === topic.id) return;
      const from = ctx.ticket.helpTopic?.fullName ?? 'none';
      const text = `${scope.name} changed the help topic from ${from} to ${topic.fullName}`;
      await this.runner.update(ctx, { helpTopicId: topic.id }, { event: 'topic_changed', text, data: { from, to: topic.fullName } }, scope);
    }, seenEntryId);
  }

  /** Sets the SLA plan; `null` clears it. */
  async setSlaPlan(scope: AgentScope, ticketId: number, slaPlanId: number | null, seenEntryId?: number | null): Promise<void> {
    const plan = slaPlanId === null ? null : await this.options.requireSlaPlan(slaPlanId);
    await this.runner.act(scope, ticketId, 'ticket.edit', { kind: 'set_sla' }, async (ctx) => {
      if (ctx.ticket.slaPlanId === (plan?.id ?? null)) return;
      const from = ctx.ticket.slaPlan?.name ?? 'none';
      const text = `${scope.name} changed the SLA plan from ${from} to ${plan?.name ?? 'none'}`;
      await this.runner.update(ctx, { slaPlanId: plan?.id ?? null }, { event: 'sla_changed', text, data: { from, to: plan?.name ?? 'none' } }, scope);
      await this.sla.recompute(ctx.manager, ticketId, 'plan_changed');
    }, seenEntryId);
  }

  /** Sets the manual due date, which wins over the SLA plan's resolution due; `null` clears it. */
  async setDueDate(scope: AgentScope, ticketId: number, dueAt: Date | null, seenEntryId?: number | null): Promise<void> {
    await this.runner.act(scope, ticketId, 'ticket.edit', { kind: 'set_sla' }, async (ctx) => {
      const before = ctx.ticket.dueAt ? new Date(ctx.ticket.dueAt).toISOString() : null;
      const after = dueAt?.toISOString() ?? null;
      if (before === after) return;
      // The thread says it in the help desk's zone, as the agent typed it; the event data keeps the instant.
      const { timezone } = await this.settings.get();
      const text = dueAt ? `${scope.name} set the due date to ${instantToLocal(dueAt, timezone).replace('T', ' ')} (${timezone})` : `${scope.name} cleared the due date`;
      await this.runner.update(ctx, { dueAt }, { event: 'due_changed', text, data: { from: before, to: after } }, scope);
      await this.sla.recompute(ctx.manager, ticketId, 'due_changed');
    }, seenEntryId);
  }

  /**
   * Changes the ticket's answers to its help topic's custom fields (agents may change every one, the
   * agents-only ones included). All answers are checked first (a 422 naming the failing inputs); only
   * the changed ones are written, with one `fields_changed` event listing them. Returns how many changed.
   */
  async setFields(scope: AgentScope, ticketId: number, submitted: Record<string, SubmittedValue>, seenEntryId?: number | null): Promise<number> {
    let changed = 0;
    // The answers are details of what the ticket is about: the lifecycle rule of its help topic applies.
    await this.runner.act(scope, ticketId, 'ticket.edit', { kind: 'set_topic' }, async (ctx) => {
      const changes = await this.ticketFields.change(ctx.manager, ctx.ticket, submitted);
      changed = changes.length;
      if (changes.length === 0) return;
      await this.threads.appendEvent(ctx.manager, {
        ticketId, event: 'fields_changed', text: `${scope.name} changed ${describeChanges(changes)}`, staffId: scope.staffId, posterName: scope.name,
        data: { fields: changes.map((c) => c.field.name).join(',') }, at: ctx.now,
      });
      await this.runner.bump(ctx, {});
    }, seenEntryId);
    return changed;
  }

  /** The agent's signature as it is now (they may have changed it since the page was built). */
  private async signature(manager: EntityManager, scope: AgentScope): Promise<string> {
    const staff = await manager.findOne(Staff, { where: { id: scope.staffId }, select: { id: true, signature: true } });
    return staff?.signature?.trim() ?? '';
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

/**
 * A reply with the signature below it, as the thread shows it and the mail carries it. CASE: the body
 * must stay within what a thread entry holds, so a signature that would overflow it is left off.
 */
export function withSignature(message: string, signature: string): string {
  if (!signature) return message;
  const signed = `${message}\n\n${signature}`;
  return signed.length > MAX_BODY_CHARS ? message : signed;
}
