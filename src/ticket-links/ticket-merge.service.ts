import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { Clock } from '../common/clock';
import { invalidField } from '../common/errors';
import { TicketCollaborator } from '../filters/filters.entities';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketLock } from '../ticket-locks/ticket-locks.entities';
import { TicketActionRunner } from '../tickets/ticket-action-runner';
import { AgentScope, canSeeTicket } from '../tickets/ticket-access';
import { decide } from '../tickets/ticket-lifecycle';
import { statusFacts, TicketOptionsService } from '../tickets/ticket-options.service';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { TicketLink } from './ticket-links.entities';
import { TicketLinksService } from './ticket-links.service';

/** The most tickets one merge takes in (osTicket's dialog stops at a handful too). */
export const MAX_MERGE = 20;

/**
 * Merging duplicates into one survivor, and the agent's link/unlink forms. Every ticket involved must be
 * visible to the agent (a number they may not see reads as unknown) and their role must allow merging
 * (linking) on each.
 */
@Injectable()
export class TicketMergeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: TicketActionRunner,
    private readonly options: TicketOptionsService,
    private readonly links: TicketLinksService,
    private readonly threads: ThreadService,
    private readonly clock: Clock,
  ) {}

  /**
   * Merges the tickets `numbers` into `survivorId`. Their thread entries (and files) move to the
   * survivor, where they interleave with its own by time (entry ids follow insertion order); each merged
   * ticket is closed, keeps a `merged_into` pointer and a `merged` event; the survivor gets one event per
   * merged ticket. The merged tickets' end users (owners and collaborators) become collaborators of the
   * survivor, so they keep seeing it and hear of its replies (one event says who). All or nothing, in
   * one transaction, tickets locked in id order (no deadlock between two merges). Returns the merged
   * tickets' numbers.
   */
  async merge(scope: AgentScope, survivorId: number, numbers: string[], seenEntryId?: number | null): Promise<string[]> {
    const closedStatus = await this.closedStatus();
    return this.db.transaction(async (manager) => {
      const survivor = await this.runner.load(manager, scope, survivorId, 'ticket.merge');
      const children = await this.resolve(manager, scope, numbers, 'tickets');
      if (children.some((c) => c.id === survivor.id)) throw invalidField('tickets', 'A ticket cannot be merged into itself.');
      const locked = new Map<number, Ticket>([[survivor.id, survivor]]);
      for (const child of [...children].sort((a, b) => a.id - b.id)) locked.set(child.id, await this.runner.load(manager, scope, child.id, 'ticket.merge'));
      await this.refuseMerged(manager, [...locked.keys()]);
      for (const t of locked.values()) {
        if (t.state === 'archived' || t.state === 'deleted') throw invalidField('tickets', `Ticket #${t.number} is ${t.state}; restore it first.`);
      }
      if (seenEntryId !== undefined && seenEntryId !== null) await this.runner.checkSeen(manager, scope, survivor.id, seenEntryId);

      const now = this.clock.now();
      const actor = { staffId: scope.staffId, posterName: scope.name, at: now };
      for (const child of children) {
        const merged = locked.get(child.id)!;
        await manager.update(ThreadEntry, { ticketId: merged.id }, { ticketId: survivor.id });
        await manager.update(Attachment, { ticketId: merged.id }, { ticketId: survivor.id });
        await manager.delete(TicketLock, { ticketId: merged.id });
        await this.links.recordMerge(manager, merged.id, survivor.id, now);
        await this.threads.appendEvent(manager, {
          ticketId: merged.id, event: 'merged', text: `${scope.name} merged this ticket into #${survivor.number}; its thread is there now`,
          data: { into: survivor.id, number: survivor.number }, ...actor,
        });
        await this.threads.appendEvent(manager, {
          ticketId: survivor.id, event: 'merged', text: `${scope.name} merged ticket #${merged.number} (${merged.subject.slice(0, 120)}) into this ticket`,
          data: { from: merged.id, number: merged.number }, ...actor,
        });
        const outcome = decide({ current: statusFacts(merged.status), defaultOpen: statusFacts(merged.status) }, { kind: 'change_status', setStatus: statusFacts(closedStatus) });
        if (outcome.allowed) await this.runner.writeStatus({ manager, ticket: merged, outcome, now }, scope, {});
        else await manager.update(Ticket, { id: merged.id }, { updatedAt: now, version: () => 'version + 1' }); // already closed
      }
      await this.adoptParticipants(manager, survivor, children.map((c) => locked.get(c.id)!), actor);
      const lastMessageAt = new Date(Math.max(...[...locked.values()].map((t) => new Date(t.lastMessageAt).getTime())));
      await manager.update(Ticket, { id: survivor.id }, { updatedAt: now, lastMessageAt, version: () => 'version + 1' });
      return children.map((c) => c.number);
    });
  }

  /** Relates this ticket and ticket `number` both ways (link permission on both). */
  async link(scope: AgentScope, ticketId: number, number: string, reason: string, seenEntryId?: number | null): Promise<string> {
    return this.db.transaction(async (manager) => {
      const ticket = await this.runner.load(manager, scope, ticketId, 'ticket.link');
      const [other] = await this.resolve(manager, scope, [number], 'number');
      if (other.id === ticket.id) throw invalidField('number', 'A ticket cannot be linked to itself.');
      await this.runner.load(manager, scope, other.id, 'ticket.link');
      if (seenEntryId !== undefined && seenEntryId !== null) await this.runner.checkSeen(manager, scope, ticket.id, seenEntryId);
      const linked = await this.links.link(manager, ticket.id, other.id, reason, { staffId: scope.staffId, name: scope.name });
      if (!linked) throw invalidField('number', `This ticket is already linked to #${other.number}.`);
      return other.number;
    });
  }

  /** Removes the related link between this ticket and `otherId` (404 when there is none the agent may see). */
  async unlink(scope: AgentScope, ticketId: number, otherId: number): Promise<string> {
    return this.db.transaction(async (manager) => {
      await this.runner.load(manager, scope, ticketId, 'ticket.link');
      const other = await this.runner.load(manager, scope, otherId, 'ticket.link');
      const removed = await this.links.unlink(manager, ticketId, otherId, { staffId: scope.staffId, name: scope.name });
      if (!removed) throw invalidField('link', `This ticket is not linked to #${other.number}.`);
      return other.number;
    });
  }

  /**
   * CASE: as osTicket, the people of the merged tickets follow their conversation: each merged ticket's
   * owner and collaborators are copied on the survivor, except the survivor's own owner and anyone
   * already copied, each once, in the order the merged tickets were given.
   */
  private async adoptParticipants(manager: EntityManager, survivor: Ticket, merged: Ticket[], actor: { staffId: number; posterName: string; at: Date }): Promise<void> {
    const mergedIds = merged.map((t) => t.id);
    const copied = await manager.find(TicketCollaborator, { where: { ticketId: In([survivor.id, ...mergedIds]) }, order: { addedAt: 'ASC', userId: 'ASC' } });
    const skip = new Set([survivor.userId, ...copied.filter((c) => c.ticketId === survivor.id).map((c) => c.userId)]);
    const wanted: number[] = [];
    for (const t of merged) {
      for (const userId of [t.userId, ...copied.filter((c) => c.ticketId === t.id).map((c) => c.userId)]) {
        if (!skip.has(userId)) wanted.push(userId);
        skip.add(userId);
      }
    }
    if (wanted.length === 0) return;
    await manager.insert(TicketCollaborator, wanted.map((userId) => ({ ticketId: survivor.id, userId, addedAt: actor.at })));
    const users = new Map((await manager.findBy(User, { id: In(wanted) })).map((u) => [u.id, u]));
    const names = wanted.map((id) => `${users.get(id)!.name} <${users.get(id)!.email}>`).join(', ');
    const count = wanted.length === 1 ? '1 collaborator' : `${wanted.length} collaborators`;
    await this.threads.appendEvent(manager, {
      ticketId: survivor.id, event: 'collaborator_added', text: `${actor.posterName} added ${count} from the merged tickets: ${names}`.slice(0, 1000),
      data: { count: wanted.length, userIds: wanted.join(','), from: mergedIds.join(',') }, ...actor,
    });
  }

  /** Ticket numbers to tickets the agent may see; an unknown or hidden number is one message on `field`. */
  private async resolve(manager: DataSource['manager'], scope: AgentScope, numbers: string[], field: string): Promise<Ticket[]> {
    const wanted = [...new Set(numbers)];
    if (wanted.length === 0) throw invalidField(field, 'Enter a ticket number.');
    if (wanted.length > MAX_MERGE) throw invalidField(field, `At most ${MAX_MERGE} tickets at a time.`);
    const found = await manager.find(Ticket, { where: { number: In(wanted) }, select: { id: true, number: true, departmentId: true, staffId: true, teamId: true } });
    const byNumber = new Map(found.filter((t) => canSeeTicket(scope, t)).map((t) => [t.number, t]));
    const missing = wanted.filter((n) => !byNumber.has(n));
    if (missing.length > 0) throw invalidField(field, `No ticket #${missing.join(', #')} that you can see.`);
    return wanted.map((n) => byNumber.get(n)!);
  }

  private async refuseMerged(manager: DataSource['manager'], ticketIds: number[]): Promise<void> {
    const merged = await manager.find(TicketLink, { where: { ticketId: In(ticketIds), kind: 'merged_into' }, relations: { ticket: true, linkedTicket: true }, take: 1 });
    if (merged.length > 0) {
      throw invalidField('tickets', `Ticket #${merged[0].ticket.number} was already merged into #${merged[0].linkedTicket.number}.`);
    }
  }

  /** Where merged tickets go: the first active status in the closed state (Closed by default, as osTicket). */
  private async closedStatus(): Promise<TicketStatus> {
    const statuses = await this.options.listStatuses();
    const closed = statuses.find((s) => s.state === 'closed' && s.name === 'Closed') ?? statuses.find((s) => s.state === 'closed');
    if (!closed) throw invalidField('tickets', 'There is no active closed status to give the merged tickets.');
    return closed;
  }
}
