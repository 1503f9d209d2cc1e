import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../common/errors';
import { containsPattern, prefixPattern } from '../common/like-pattern';
import { AuditEvent } from './audit-event.entity';

export interface AuditLogFilter {
  /** Actions starting with each of these (the viewer's group select and its free-text field). */
  actionPrefixes: string[];
  /** Part of the actor's name, any case. */
  actor: string;
  targetType: string;
  /** Inclusive. */
  from: Date | null;
  /** Exclusive. */
  until: Date | null;
}

export interface AuditLogPage {
  events: AuditEvent[];
  /** The id to pass as `before` for the next (older) page; null on the last one. */
  nextBefore: number | null;
}

export const AUDIT_PAGE_SIZE = 50;

/**
 * Reads the audit log for the admin viewer, newest first. Read-only on purpose: nothing in the app
 * updates or deletes audit rows. Pages are keyset ((created_at, id) below the previous page's last
 * row, on audit_events_created_at_idx), so page 1,000 costs what page 1 does.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async page(filter: AuditLogFilter, before: number | null): Promise<AuditLogPage> {
    const query = this.events.createQueryBuilder('e');
    applyFilter(query, filter);
    if (before !== null) {
      const cursor = await this.events.findOne({ where: { id: before }, select: { id: true, createdAt: true } });
      if (!cursor) throw notFound();
      query.andWhere('(e.createdAt < :cursorAt OR (e.createdAt = :cursorAt AND e.id < :cursorId))', { cursorAt: cursor.createdAt, cursorId: cursor.id });
    }
    const rows = await query.orderBy('e.createdAt', 'DESC').addOrderBy('e.id', 'DESC').limit(AUDIT_PAGE_SIZE + 1).getMany();
    const events = rows.slice(0, AUDIT_PAGE_SIZE);
    return { events, nextBefore: rows.length > AUDIT_PAGE_SIZE ? events[events.length - 1].id : null };
  }
}

function applyFilter(query: SelectQueryBuilder<AuditEvent>, filter: AuditLogFilter): void {
  filter.actionPrefixes.forEach((prefix, i) => query.andWhere(`e.action LIKE :action${i} ESCAPE '!'`, { [`action${i}`]: prefixPattern(prefix) }));
  if (filter.actor) query.andWhere("LOWER(e.actorName) LIKE :actor ESCAPE '!'", { actor: containsPattern(filter.actor.toLowerCase()) });
  if (filter.targetType) query.andWhere('e.targetType = :targetType', { targetType: filter.targetType });
  if (filter.from) query.andWhere('e.createdAt >= :from', { from: filter.from });
  if (filter.until) query.andWhere('e.createdAt < :until', { until: filter.until });
}
