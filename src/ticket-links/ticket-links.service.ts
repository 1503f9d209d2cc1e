import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { ThreadService } from '../threads/thread.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketLink, TicketLinkKind } from './ticket-links.entities';

/** Who made a link, as the thread events name them; the system when nobody did (mail intake). */
export interface LinkActor {
  staffId: number | null;
  name: string;
}

export const SYSTEM_ACTOR: LinkActor = { staffId: null, name: 'System' };

/** One of a ticket's links, with what the page needs to show the other ticket. */
export interface LinkedTicket {
  kind: TicketLinkKind;
  reason: string;
  ticket: { id: number; number: string; subject: string; state: string };
}

/** The most links a ticket page lists; more is a sign of abuse, not of work. */
export const MAX_LINKS_SHOWN = 100;

/**
 * Links between tickets, one row each way so each side lists its own by index. No access checks here:
 * callers (the agent's link form, mail intake) decide who may link; these methods only keep the rows and
 * the thread events of both sides consistent, inside the caller's transaction.
 */
@Injectable()
export class TicketLinksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly threads: ThreadService,
    private readonly clock: Clock,
  ) {}

  /**
   * Relates tickets `a` and `b` both ways, with a `linked` event on each thread. Linking a ticket to
   * itself, or two tickets already linked, changes nothing and returns false.
   */
  async link(manager: EntityManager, a: number, b: number, reason: string, actor: LinkActor = SYSTEM_ACTOR): Promise<boolean> {
    const at = this.clock.now();
    if (a === b) return false;
    const tickets = await this.numbers(manager, [a, b]);
    if (!tickets.has(a) || !tickets.has(b)) return false;
    const existing = await manager.countBy(TicketLink, { ticketId: a, linkedTicketId: b });
    if (existing > 0) return false;
    const cleaned = reason.trim().slice(0, 255);
    await manager.insert(TicketLink, [
      { ticketId: a, linkedTicketId: b, kind: 'related', reason: cleaned, createdAt: at },
      { ticketId: b, linkedTicketId: a, kind: 'related', reason: cleaned, createdAt: at },
    ]);
    for (const [self, other] of [[a, b], [b, a]]) {
      const text = `${actor.name} linked this ticket to #${tickets.get(other)}${cleaned ? ` (${cleaned})` : ''}`;
      await this.threads.appendEvent(manager, {
        ticketId: self, event: 'linked', text, staffId: actor.staffId, posterName: actor.name, data: { ticketId: other, number: tickets.get(other) ?? null }, at,
      });
    }
    return true;
  }

  /** Removes a related link both ways, with an `unlinked` event on each thread; false when there was none. */
  async unlink(manager: EntityManager, a: number, b: number, actor: LinkActor): Promise<boolean> {
    const at = this.clock.now();
    const result = await manager.delete(TicketLink, [
      { ticketId: a, linkedTicketId: b, kind: 'related' },
      { ticketId: b, linkedTicketId: a, kind: 'related' },
    ]);
    if (!result.affected) return false;
    const tickets = await this.numbers(manager, [a, b]);
    for (const [self, other] of [[a, b], [b, a]]) {
      await this.threads.appendEvent(manager, {
        ticketId: self, event: 'unlinked', text: `${actor.name} removed the link to #${tickets.get(other)}`, staffId: actor.staffId, posterName: actor.name,
        data: { ticketId: other, number: tickets.get(other) ?? null }, at,
      });
    }
    return true;
  }

  /** Records that `merged` was merged into `survivor` (both sides); events are the merge's to write. */
  async recordMerge(manager: EntityManager, merged: number, survivor: number, at: Date): Promise<void> {
    // A related link between the two gives way to the merge pointer.
    await manager.delete(TicketLink, [{ ticketId: merged, linkedTicketId: survivor }, { ticketId: survivor, linkedTicketId: merged }]);
    await manager.insert(TicketLink, [
      { ticketId: merged, linkedTicketId: survivor, kind: 'merged_into', reason: '', createdAt: at },
      { ticketId: survivor, linkedTicketId: merged, kind: 'merged_from', reason: '', createdAt: at },
    ]);
  }

  /** The ticket `ticketId` was merged into, or null (mail for a merged ticket may follow this pointer). */
  async mergedInto(ticketId: number, manager: EntityManager = this.db.manager): Promise<number | null> {
    const row = await manager.findOne(TicketLink, { where: { ticketId, kind: 'merged_into' }, select: { id: true, linkedTicketId: true } });
    return row?.linkedTicketId ?? null;
  }

  /** A ticket's links (related and merges), oldest first, with the other ticket's number and subject. */
  async listFor(ticketId: number): Promise<LinkedTicket[]> {
    const rows = await this.db.manager.find(TicketLink, {
      where: { ticketId }, relations: { linkedTicket: true }, order: { id: 'ASC' }, take: MAX_LINKS_SHOWN,
    });
    return rows.map((r) => ({
      kind: r.kind, reason: r.reason,
      ticket: { id: r.linkedTicket.id, number: r.linkedTicket.number, subject: r.linkedTicket.subject, state: r.linkedTicket.state },
    }));
  }

  private async numbers(manager: EntityManager, ids: number[]): Promise<Map<number, string>> {
    const rows = await manager.find(Ticket, { where: { id: In(ids) }, select: { id: true, number: true } });
    return new Map(rows.map((t) => [t.id, t.number]));
  }
}
