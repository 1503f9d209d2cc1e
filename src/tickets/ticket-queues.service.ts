import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { SettingsService } from '../settings/settings.service';
import { AgentScope } from './ticket-access';
import { Ticket } from './ticket.entity';

export const QUEUE_KEYS = ['open', 'mine', 'closed'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];
export const QUEUE_NAMES: Record<QueueKey, string> = { open: 'Open', mine: 'My Tickets', closed: 'Closed' };

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
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly settings: SettingsService,
  ) {}

  /**
   * One page of a queue (the settings' page size), newest first; `before` is the id the previous page
   * ended at. Two steps: the page's ids from `tickets` alone, walking an index in id order (LIMIT stops
   * after a page), then those rows with their joins. A single joined query with LIMIT made MySQL join and
   * sort every ticket in the state first: seconds at a million tickets (bench/README.md).
   */
  async page(scope: AgentScope, key: QueueKey, before: number | null): Promise<QueuePage> {
    const { defaultPageSize: pageSize } = await this.settings.get();
    const idQuery = this.filtered(scope, key).select('t.id', 'id').orderBy('t.id', 'DESC').limit(pageSize + 1);
    if (before) idQuery.andWhere('t.id < :before', { before });
    // CASE: for agents the OR of departments, self and teams tempts MySQL into an index merge that reads
    // every matching ticket; the (state, id) walk stops after one page instead.
    if (this.isMysql()) idQuery.useIndex(key === 'mine' ? 'tickets_staff_state_id_idx' : 'tickets_state_id_idx');
    const ids = (await idQuery.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
    const hasMore = ids.length > pageSize;
    const pageIds = ids.slice(0, pageSize);
    if (pageIds.length === 0) return { tickets: [], nextBefore: null };
    const tickets = await this.tickets.createQueryBuilder('t')
      .innerJoinAndSelect('t.user', 'user').innerJoinAndSelect('t.status', 'status')
      .innerJoinAndSelect('t.priority', 'priority').innerJoinAndSelect('t.department', 'department')
      .leftJoinAndSelect('t.assignee', 'assignee')
      .where('t.id IN (:...pageIds)', { pageIds })
      .orderBy('t.id', 'DESC')
      .getMany();
    return { tickets, nextBefore: hasMore ? pageIds[pageIds.length - 1] : null };
  }

  private isMysql(): boolean {
    const type = this.tickets.manager.connection.options.type;
    return type === 'mysql' || type === 'mariadb';
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
