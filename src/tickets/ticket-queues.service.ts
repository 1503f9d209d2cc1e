import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { fts5Query, isSearchable, mysqlBooleanQuery, parseSearchText } from '../search/search-text';
import { prefixPattern } from '../common/like-pattern';
import { localToInstant } from '../sla/local-time';
import { AgentScope } from './ticket-access';
import { TicketCriteria } from './ticket-criteria';
import { COUNT_CAP, DEFAULT_SORT, QUEUE_KEYS, QueueCursor, QueueKey, QueueSort, SortKey } from './ticket-queue-rules';
import { Priority } from './priority.entity';
import { TicketStatus } from './ticket-status.entity';
import { Ticket } from './ticket.entity';

export { COUNT_CAP, QUEUE_KEYS, QUEUE_NAMES } from './ticket-queue-rules';
export type { QueueKey } from './ticket-queue-rules';

/** What a list shows: a built-in queue, or saved/typed criteria (a custom queue, a search). */
export type TicketListSource = { kind: 'queue'; key: QueueKey } | { kind: 'criteria'; criteria: TicketCriteria };

export interface TicketListRequest {
  source: TicketListSource;
  sort: QueueSort;
  cursor: QueueCursor | null;
  pageSize: number;
  /** The zone criteria dates are days of. */
  timezone: string;
}

export interface QueuePage {
  tickets: Ticket[];
  /** Keyset cursor of the next page, or null on the last page. */
  next: QueueCursor | null;
}

/** The SQL each sort orders by (the ids query's alias is `t`); priority and due are walked in steps instead. */
const SORT_COLUMNS: Record<Exclude<SortKey, 'priority' | 'due'>, string> = {
  number: 't.number', subject: 't.subject', created: 't.id', updated: 't.updated_at',
};

/** One step of a stepped page walk: narrows and orders a clone of the list's ids query. */
type WalkStep = (query: SelectQueryBuilder<Ticket>) => void;

const direction = (sort: QueueSort): 'ASC' | 'DESC' => (sort.dir === 'asc' ? 'ASC' : 'DESC');

/**
 * MySQL index hints for the default (newest first) order. CASE: for agents the OR of departments, self
 * and teams tempts MySQL into an index merge that reads every matching ticket; walking the queue's own
 * (predicate, id) index stops after one page instead.
 */
const ID_ORDER_INDEX: Record<QueueKey, string> = {
  open: 'tickets_state_answered_scope_idx', answered: 'tickets_state_answered_scope_idx', mine: 'tickets_staff_state_scope_idx',
  teams: 'tickets_team_state_id_idx', unassigned: 'tickets_staff_state_scope_idx', overdue: 'tickets_state_overdue_scope_idx',
  awaiting: 'tickets_status_id_idx', closed: 'tickets_state_scope_idx',
};

/** The same for the other index-backed sorts, where the queue's predicate is the state (plus a flag). */
const SORT_INDEX: Partial<Record<SortKey, { index: string; queues: QueueKey[] }>> = {
  updated: { index: 'tickets_state_updated_id_idx', queues: ['open', 'answered', 'closed'] },
  due: { index: 'tickets_state_sla_due_idx', queues: ['open', 'answered', 'overdue'] },
};

const BATCH = 500;

/**
 * The staff ticket lists (queues, custom queues, searches, exports): keyset pages, limited to what the
 * agent may see (SECURITY 2). Each page takes two steps: the page's ids from `tickets` alone (walking an
 * index, LIMIT stops after a page), then those rows with their joins. A single joined query with LIMIT
 * made MySQL join and sort every ticket in the state first: seconds at a million tickets (bench/README.md).
 */
@Injectable()
export class TicketQueuesService {
  constructor(
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    @InjectRepository(TicketStatus) private readonly statuses: Repository<TicketStatus>,
    @InjectRepository(Priority) private readonly priorities: Repository<Priority>,
  ) {}

  /** One page of a list, in the requested order; the key is (sort value, id), so equal values never skip or repeat rows. */
  async page(scope: AgentScope, request: TicketListRequest): Promise<QueuePage> {
    const { sort, pageSize } = request;
    const ids = await this.pageIds(scope, request, pageSize + 1);
    const pageIds = ids.slice(0, pageSize);
    const tickets = await this.load(pageIds);
    const last = tickets[tickets.length - 1];
    return { tickets, next: ids.length > pageSize && last ? cursorOf(last, sort) : null };
  }

  /** Every ticket of a list, in batches (for CSV export): keyset pages, never the whole list in memory. */
  async *batches(scope: AgentScope, request: Omit<TicketListRequest, 'cursor' | 'pageSize'>): AsyncGenerator<Ticket[]> {
    let cursor: QueueCursor | null = null;
    for (;;) {
      const page = await this.page(scope, { ...request, cursor, pageSize: BATCH });
      if (page.tickets.length > 0) yield page.tickets;
      if (!page.next) return;
      cursor = page.next;
    }
  }

  /** Each built-in queue's count, capped at COUNT_CAP + 1 so a count never scans more than a page's worth. */
  async counts(scope: AgentScope): Promise<Record<QueueKey, number>> {
    // CASE: one statement (UNION ALL) rather than eight: every page shows the counts, and on a busy
    // server a round trip to the database costs more than one of these capped index walks.
    const counts = Object.fromEntries(QUEUE_KEYS.map((key) => [key, 0])) as Record<QueueKey, number>;
    const parts: { sql: string; params: unknown[] }[] = [];
    for (const [i, key] of QUEUE_KEYS.entries()) {
      const capped = await this.cappedIds(scope, { kind: 'queue', key }, 'UTC');
      if (capped) parts.push({ sql: `SELECT ${i} AS k, COUNT(*) AS n FROM (${capped.sql}) c${i}`, params: capped.params });
    }
    if (parts.length === 0) return counts;
    const rows: { k: number | string; n: number | string }[] = await this.tickets.query(parts.map((p) => p.sql).join(' UNION ALL '), parts.flatMap((p) => p.params));
    for (const row of rows) counts[QUEUE_KEYS[Number(row.k)]] = Number(row.n);
    return counts;
  }

  /** One list's count, capped like the queues' (COUNT_CAP + 1 means "more"). */
  async count(scope: AgentScope, source: TicketListSource, timezone: string): Promise<number> {
    const capped = await this.cappedIds(scope, source, timezone);
    if (!capped) return 0;
    const rows: { n: number | string }[] = await this.tickets.query(`SELECT COUNT(*) AS n FROM (${capped.sql}) capped`, capped.params);
    return Number(rows[0].n);
  }

  /** The list's first COUNT_CAP + 1 ids as SQL with its parameters, or null when the list is certainly empty. */
  private async cappedIds(scope: AgentScope, source: TicketListSource, timezone: string): Promise<{ sql: string; params: unknown[] } | null> {
    const query = await this.filtered(scope, source, timezone);
    if (!query) return null;
    const [sql, params] = query.select('t.id').limit(COUNT_CAP + 1).getQueryAndParameters();
    return { sql, params };
  }

  private async pageIds(scope: AgentScope, request: TicketListRequest, limit: number): Promise<number[]> {
    const { source, sort, cursor, timezone } = request;
    const query = await this.filtered(scope, source, timezone);
    if (!query) return [];
    query.select('t.id', 'id');
    if (this.isMysql()) {
      const hint = this.indexHint(source, sort);
      if (hint) query.useIndex(hint);
    }
    if (sort.key === 'priority') return this.walk(query, await this.priorityWalk(sort, cursor), limit);
    if (sort.key === 'due') return this.walk(query, dueWalk(sort, cursor), limit);
    const column = SORT_COLUMNS[sort.key];
    if (cursor) this.after(query, sort, column, cursor);
    const dir = direction(sort);
    if (sort.key !== 'created') query.orderBy(column, dir);
    query.addOrderBy('t.id', dir).limit(limit);
    return this.ids(query);
  }

  /**
   * Sorts whose order no single index gives (priority: its urgency lives in `priorities`; due: NULLs last)
   * run as steps, each an index walk of its own in id or (due, id) order, until the page is full. A join on
   * priorities, or the NULLs-last expression, made MySQL sort every matching ticket (bench/README.md).
   */
  private async walk(query: SelectQueryBuilder<Ticket>, steps: WalkStep[], limit: number): Promise<number[]> {
    const ids: number[] = [];
    for (const step of steps) {
      const part = query.clone();
      step(part);
      ids.push(...(await this.ids(part.limit(limit - ids.length))));
      if (ids.length >= limit) break;
    }
    return ids;
  }

  /** One step per priority, most or least urgent first (urgency is unique), newest or oldest first within it. */
  private async priorityWalk(sort: QueueSort, cursor: QueueCursor | null): Promise<WalkStep[]> {
    const dir = direction(sort);
    const levels = await this.priorities.find({ select: { id: true, urgency: true }, order: { urgency: dir } });
    const from = cursor && cursor.value !== null ? Number(cursor.value) : null;
    const notBefore = (urgency: number) => from === null || (dir === 'ASC' ? urgency >= from : urgency <= from);
    return levels.filter((p) => notBefore(p.urgency)).map((p) => (q) => {
      q.andWhere('t.priorityId = :walkPriority', { walkPriority: p.id });
      if (from === p.urgency) q.andWhere(`t.id ${dir === 'ASC' ? '>' : '<'} :cursorId`, { cursorId: cursor!.id });
      q.orderBy('t.id', dir);
    });
  }

  private async ids(query: SelectQueryBuilder<Ticket>): Promise<number[]> {
    return (await query.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
  }

  private indexHint(source: TicketListSource, sort: QueueSort): string | null {
    if (source.kind !== 'queue') return null;
    if (sort.key === 'created') return ID_ORDER_INDEX[source.key];
    const byIndex = SORT_INDEX[sort.key];
    return byIndex && byIndex.queues.includes(source.key) ? byIndex.index : null;
  }

  /** Rows after the cursor in the sort's order: (value, id) beyond the cursor's (the value is never NULL here). */
  private after(query: SelectQueryBuilder<Ticket>, sort: QueueSort, column: string, cursor: QueueCursor): void {
    const op = sort.dir === 'asc' ? '>' : '<';
    const id = cursor.id;
    if (sort.key === 'created') {
      query.andWhere(`t.id ${op} :cursorId`, { cursorId: id });
      return;
    }
    const value = sort.key === 'updated' && cursor.value !== null ? new Date(cursor.value) : cursor.value;
    query.andWhere(`(${column} ${op} :cursorValue OR (${column} = :cursorValue AND t.id ${op} :cursorId))`, { cursorValue: value, cursorId: id });
  }

  private async load(ids: number[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const rows = await this.tickets.createQueryBuilder('t')
      .innerJoinAndSelect('t.user', 'user').innerJoinAndSelect('t.status', 'status')
      .innerJoinAndSelect('t.priority', 'priority').innerJoinAndSelect('t.department', 'department')
      .leftJoinAndSelect('t.assignee', 'assignee').leftJoinAndSelect('t.team', 'team')
      .leftJoinAndSelect('t.helpTopic', 'helpTopic').leftJoinAndSelect('t.slaPlan', 'slaPlan')
      .where('t.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(rows.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id)).filter((t): t is Ticket => !!t);
  }

  /** The list's predicate plus the agent's access; null when the list is certainly empty. */
  private async filtered(scope: AgentScope, source: TicketListSource, timezone: string): Promise<SelectQueryBuilder<Ticket> | null> {
    const query = this.tickets.createQueryBuilder('t');
    query.where('1 = 1');
    const ok = source.kind === 'queue' ? await this.queuePredicate(query, scope, source.key) : await this.criteriaPredicate(query, source.criteria, timezone);
    if (!ok) return null;
    if (!scope.isAdmin) {
      // SECURITY 2: departments are a hard boundary, on every list and its counts alike.
      query.andWhere(new Brackets((w) => {
        w.where('t.departmentId IN (:...accessDepartments)', { accessDepartments: scope.departmentIds }).orWhere('t.staffId = :accessSelf', { accessSelf: scope.staffId });
        if (scope.teamIds.length > 0) w.orWhere('t.teamId IN (:...accessTeams)', { accessTeams: scope.teamIds });
      }));
    }
    return query;
  }

  private async queuePredicate(query: SelectQueryBuilder<Ticket>, scope: AgentScope, key: QueueKey): Promise<boolean> {
    query.andWhere('t.state = :state', { state: key === 'closed' ? 'closed' : 'open' });
    switch (key) {
      case 'open':
      case 'answered':
        query.andWhere('t.isAnswered = :answered', { answered: key === 'answered' ? 1 : 0 });
        return true;
      case 'mine':
        query.andWhere('t.staffId = :me', { me: scope.staffId });
        return true;
      case 'teams':
        if (scope.teamIds.length === 0) return false;
        query.andWhere('t.teamId IN (:...myTeams)', { myTeams: scope.teamIds });
        return true;
      case 'unassigned':
        query.andWhere('t.staffId IS NULL AND t.teamId IS NULL');
        return true;
      case 'overdue':
        query.andWhere('t.isOverdue = :overdue', { overdue: 1 });
        return true;
      case 'awaiting': {
        // CASE: "waiting on the user" is the status flag that pauses the SLA, whatever the status is named.
        const waiting = await this.statuses.find({ select: { id: true }, where: { pausesSla: true, state: 'open' } });
        if (waiting.length === 0) return false;
        query.andWhere('t.statusId IN (:...waiting)', { waiting: waiting.map((s) => s.id) });
        return true;
      }
      case 'closed':
        return true;
    }
  }

  private async criteriaPredicate(query: SelectQueryBuilder<Ticket>, c: TicketCriteria, timezone: string): Promise<boolean> {
    if (c.state) query.andWhere('t.state = :cState', { cState: c.state });
    const equal: [keyof TicketCriteria, string][] = [
      ['statusId', 't.statusId'], ['departmentId', 't.departmentId'], ['topicId', 't.helpTopicId'], ['priorityId', 't.priorityId'],
      ['staffId', 't.staffId'], ['teamId', 't.teamId'], ['slaPlanId', 't.slaPlanId'], ['source', 't.source'],
    ];
    for (const [field, column] of equal) {
      if (c[field] !== null && c[field] !== '') query.andWhere(`${column} = :c_${field}`, { [`c_${field}`]: c[field] });
    }
    const ranges: [string, string, string][] = [['createdFrom', 'createdTo', 't.createdAt'], ['updatedFrom', 'updatedTo', 't.updatedAt'], ['dueFrom', 'dueTo', 't.slaDueAt']];
    for (const [from, to, column] of ranges) {
      const start = c[from as keyof TicketCriteria] as string;
      const end = c[to as keyof TicketCriteria] as string;
      if (start) query.andWhere(`${column} >= :${from}`, { [from]: dayStart(start, timezone, 0) });
      if (end) query.andWhere(`${column} < :${to}`, { [to]: dayStart(end, timezone, 1) });
    }
    if (c.overdue) query.andWhere('t.isOverdue = :cOverdue', { cOverdue: c.overdue === 'yes' ? 1 : 0 });
    if (c.answered) query.andWhere('t.isAnswered = :cAnswered', { cAnswered: c.answered === 'yes' ? 1 : 0 });
    if (c.q) {
      const parts = parseSearchText(c.q);
      if (!isSearchable(parts)) return false;
      // A number that names a ticket means that ticket: answered by the unique index alone, without the
      // full-text and name lookups the same text would otherwise OR in (they cost more than the rest).
      if (parts.number && (await this.tickets.existsBy({ number: parts.number }))) {
        query.andWhere('t.number = :qNumber', { qNumber: parts.number });
        return true;
      }
      query.andWhere(new Brackets((w) => {
        if (parts.number) w.orWhere('t.number = :qNumber', { qNumber: parts.number });
        if (parts.email) w.orWhere('t.userId IN (SELECT u.id FROM users u WHERE u.email = :qEmail)', { qEmail: parts.email });
        if (parts.name) w.orWhere("t.userId IN (SELECT u.id FROM users u WHERE u.name LIKE :qName ESCAPE '!')", { qName: prefixPattern(parts.name) });
        if (parts.terms.length > 0) {
          if (this.isMysql()) {
            const ft = mysqlBooleanQuery(parts.terms);
            w.orWhere('t.id IN (SELECT s.id FROM tickets s WHERE MATCH(s.subject) AGAINST (:qText IN BOOLEAN MODE))', { qText: ft });
            w.orWhere("t.id IN (SELECT e.ticket_id FROM thread_entries e WHERE MATCH(e.body) AGAINST (:qText IN BOOLEAN MODE) AND e.type <> 'event')", { qText: ft });
          } else {
            w.orWhere('t.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH :qText)', { qText: fts5Query(parts.terms) });
          }
        }
      }));
    }
    return true;
  }

  private isMysql(): boolean {
    const type = this.tickets.manager.connection.options.type;
    return type === 'mysql' || type === 'mariadb';
  }
}

/**
 * Due order with NULLs (no due time) last in both directions: the tickets that have a due time by
 * (due, id), then the others by id. Each step walks (state, sla_due_at, id) in order.
 */
function dueWalk(sort: QueueSort, cursor: QueueCursor | null): WalkStep[] {
  const dir = direction(sort);
  const op = dir === 'ASC' ? '>' : '<';
  const timed: WalkStep = (q) => {
    q.andWhere('t.sla_due_at IS NOT NULL');
    if (cursor) q.andWhere(`(t.sla_due_at ${op} :cursorDue OR (t.sla_due_at = :cursorDue AND t.id ${op} :cursorId))`, { cursorDue: new Date(cursor.value as string), cursorId: cursor.id });
    q.orderBy('t.sla_due_at', dir).addOrderBy('t.id', dir);
  };
  const untimed: WalkStep = (q) => {
    q.andWhere('t.sla_due_at IS NULL');
    if (cursor && cursor.value === null) q.andWhere(`t.id ${op} :cursorId`, { cursorId: cursor.id });
    q.orderBy('t.id', dir);
  };
  return cursor && cursor.value === null ? [untimed] : [timed, untimed];
}

/** Midnight starting `day` (+ `plusDays`) in `zone`, as an instant. */
function dayStart(day: string, zone: string, plusDays: number): Date {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + plusDays);
  return localToInstant(`${date.toISOString().slice(0, 10)}T00:00`, zone) ?? date;
}

/** The cursor that continues after this row in `sort`'s order. */
export function cursorOf(t: Ticket, sort: QueueSort = DEFAULT_SORT): QueueCursor {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const values: Record<SortKey, QueueCursor['value']> = {
    number: t.number, subject: t.subject, created: null, updated: iso(t.updatedAt), due: iso(t.slaDueAt), priority: t.priority.urgency,
  };
  return { value: values[sort.key], id: t.id };
}
