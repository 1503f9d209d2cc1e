import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { AgentScope } from './ticket-access';
import { Ticket } from './ticket.entity';

export const QUEUE_KEYS = ['open', 'mine', 'closed'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];
export const QUEUE_NAMES: Record<QueueKey, string> = { open: 'Open', mine: 'My Tickets', closed: 'Closed' };

export const PAGE_SIZE = 25;
/** Counts stop at this many: a badge says "999+" instead of counting a million rows per page view. */
export const COUNT_CAP = 999;

export interface QueuePage {
  tickets: Ticket[];
  /** Keyset cursor for the next (older) page, or null on the last page. */
  nextBefore: number | null;
}

/** The staff queues: keyset pages over (state, id) indexes, limited to what the agent may see. */
@Injectable()
export class TicketQueuesService {
  constructor(@InjectRepository(Ticket) private readonly tickets: Repository<Ticket>) {}

  /** One page of a queue, newest first; `before` is the id the previous page ended at. */
  async page(scope: AgentScope, key: QueueKey, before: number | null): Promise<QueuePage> {
    const query = this.filtered(scope, key)
      .innerJoinAndSelect('t.user', 'user').innerJoinAndSelect('t.status', 'status')
      .innerJoinAndSelect('t.priority', 'priority').innerJoinAndSelect('t.department', 'department')
      .leftJoinAndSelect('t.assignee', 'assignee')
      .orderBy('t.id', 'DESC')
      .take(PAGE_SIZE + 1);
    if (before) query.andWhere('t.id < :before', { before });
    const rows = await query.getMany();
    const hasMore = rows.length > PAGE_SIZE;
    const tickets = rows.slice(0, PAGE_SIZE);
    return { tickets, nextBefore: hasMore ? tickets[tickets.length - 1].id : null };
  }

  /** Each queue's count, capped at COUNT_CAP + 1 so a count never scans more than a page's worth. */
  async counts(scope: AgentScope): Promise<Record<QueueKey, number>> {
    const entries = await Promise.all(
      QUEUE_KEYS.map(async (key) => {
        const [inner, params] = this.filtered(scope, key).select('t.id').limit(COUNT_CAP + 1).getQueryAndParameters();
        const rows: { n: number | string }[] = await this.tickets.query(`SELECT COUNT(*) AS n FROM (${inner}) capped`, params);
        return [key, Number(rows[0].n)] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueKey, number>;
  }

  private filtered(scope: AgentScope, key: QueueKey): SelectQueryBuilder<Ticket> {
    const query = this.tickets.createQueryBuilder('t');
    if (key === 'closed') query.where('t.state = :state', { state: 'closed' });
    else query.where('t.state = :state', { state: 'open' });
    if (key === 'mine') query.andWhere('t.staffId = :me', { me: scope.staffId });
    if (!scope.isAdmin) {
      // SECURITY 2: departments are a hard boundary, on queues and their counts alike.
      query.andWhere(new Brackets((w) => {
        w.where('t.departmentId IN (:...departments)', { departments: scope.departmentIds }).orWhere('t.staffId = :self', { self: scope.staffId });
        if (scope.teamIds.length > 0) w.orWhere('t.teamId IN (:...teams)', { teams: scope.teamIds });
      }));
    }
    return query;
  }
}
