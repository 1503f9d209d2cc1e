import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AuditService, staffActor } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { AgentScope } from '../tickets/ticket-access';
import { EMPTY_CRITERIA, parseCriteria, TicketCriteria } from '../tickets/ticket-criteria';
import { DEFAULT_COLUMNS, DEFAULT_SORT, isSortKey, QUEUE_COLUMNS, QueueColumn, QueueSort } from '../tickets/ticket-queue-rules';
import { SavedQueue } from './saved-queue.entity';

/** A custom queue as the pages use it: criteria re-validated, columns and sort typed. */
export interface CustomQueue {
  id: number;
  name: string;
  isShared: boolean;
  ownerId: number;
  criteria: TicketCriteria;
  columns: QueueColumn[];
  sort: QueueSort;
}

export interface CustomQueueInput {
  name: string;
  isShared: boolean;
  criteria: TicketCriteria;
  columns: QueueColumn[];
  sort: QueueSort;
}

/** Personal queues an agent may keep; more is almost certainly a mistake (each adds a count to every page). */
export const MAX_QUEUES_PER_AGENT = 20;

/**
 * Custom queues (saved advanced searches). An agent sees their own and the shared ones; only admins
 * share, and sharing (or removing a shared queue) is audited like other admin changes.
 */
@Injectable()
export class SavedQueuesService {
  constructor(
    @InjectRepository(SavedQueue) private readonly queues: Repository<SavedQueue>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The agent's own queues and the shared ones, by name. */
  async visible(scope: AgentScope): Promise<CustomQueue[]> {
    const rows = await this.queues.createQueryBuilder('q')
      .where('q.staffId = :me', { me: scope.staffId }).orWhere('q.isShared = :shared', { shared: true })
      .orderBy('q.name', 'ASC').addOrderBy('q.id', 'ASC').limit(200).getMany();
    return rows.map(toCustomQueue);
  }

  /** One queue the agent may use; 404 for another agent's personal queue, as for one that does not exist. */
  async get(scope: AgentScope, id: number): Promise<CustomQueue> {
    const row = await this.queues.findOneBy({ id });
    if (!row || (row.staffId !== scope.staffId && !row.isShared)) throw notFound('queue');
    return toCustomQueue(row);
  }

  async create(scope: AgentScope, input: CustomQueueInput, ip?: string): Promise<CustomQueue> {
    if (input.isShared && !scope.isAdmin) throw new DomainError('forbidden', 'Only administrators can share a queue.');
    const own = await this.queues.countBy({ staffId: scope.staffId });
    if (own >= MAX_QUEUES_PER_AGENT) throw new DomainError('validation_failed', `You can keep at most ${MAX_QUEUES_PER_AGENT} queues; delete one first.`, { name: `You can keep at most ${MAX_QUEUES_PER_AGENT} queues; delete one first.` });
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const repo = manager.getRepository(SavedQueue);
      const row = await repo.save(repo.create({
        staffId: scope.staffId, name: input.name, isShared: input.isShared, criteria: JSON.stringify(input.criteria),
        columns: input.columns.join(','), sort: input.sort.key, sortDir: input.sort.dir, createdAt: now, updatedAt: now,
      }));
      if (row.isShared) {
        await this.audit.record(staffActor(scope, ip), { action: 'queue.shared', target: { type: 'saved_queue', id: row.id, label: row.name }, after: { name: row.name, criteria: input.criteria } }, manager);
      }
      return toCustomQueue(row);
    });
  }

  /** Deletes a queue: the owner may delete their own; a shared queue only an admin. */
  async delete(scope: AgentScope, id: number, ip?: string): Promise<CustomQueue> {
    const queue = await this.get(scope, id);
    const mayDelete = queue.isShared ? scope.isAdmin : queue.ownerId === scope.staffId;
    if (!mayDelete) throw new DomainError('forbidden', 'Only administrators can delete a shared queue.');
    await this.db.transaction(async (manager) => {
      await manager.delete(SavedQueue, { id });
      if (queue.isShared) {
        await this.audit.record(staffActor(scope, ip), { action: 'queue.deleted', target: { type: 'saved_queue', id, label: queue.name }, before: { name: queue.name } }, manager);
      }
    });
    return queue;
  }
}

function toCustomQueue(row: SavedQueue): CustomQueue {
  let stored: unknown;
  try {
    stored = JSON.parse(row.criteria);
  } catch {
    stored = {};
  }
  // CASE: criteria saved by an older version may no longer parse; the queue then shows what still does.
  const parsed = parseCriteria(isRecord(stored) ? stringify(stored) : {});
  const columns = row.columns.split(',').filter((c): c is QueueColumn => (QUEUE_COLUMNS as readonly string[]).includes(c));
  return {
    id: row.id, name: row.name, isShared: row.isShared, ownerId: row.staffId,
    criteria: parsed.ok ? parsed.criteria : { ...EMPTY_CRITERIA },
    columns: columns.length > 0 ? columns : DEFAULT_COLUMNS,
    sort: { key: isSortKey(row.sort) ? row.sort : DEFAULT_SORT.key, dir: row.sortDir === 'asc' ? 'asc' : 'desc' },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringify = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? '' : String(v)]));
