import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { StatusState } from './ticket-lifecycle';
import { TicketStatus } from './ticket-status.entity';
import { Ticket } from './ticket.entity';

export const STATUS_STATES: readonly StatusState[] = ['open', 'closed', 'archived', 'deleted'];

export interface StatusInput {
  name: string;
  state: StatusState;
  isReopenable: boolean;
  pausesSla: boolean;
  /** The status new and reopened tickets get; only an open status may be it. */
  isDefault: boolean;
  sort: number;
}

export interface StatusListItem {
  status: TicketStatus;
  tickets: number;
}

const snapshot = (s: TicketStatus) => ({ name: s.name, state: s.state, isReopenable: s.isReopenable, pausesSla: s.pausesSla, isDefault: s.isDefault, sort: s.sort });

/**
 * Ticket statuses as admins manage them. Exactly one open status is the default; every state keeps at
 * least one enabled status; a status changes state or goes away only while no ticket uses it (each
 * ticket copies its status's state into `tickets.state`, which would otherwise go stale). A disabled
 * status stays on the tickets that have it but is no longer offered on ticket forms. Every change is
 * audited in its transaction.
 */
@Injectable()
export class TicketStatusesAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Statuses whose name contains `q`, case-insensitively, in their sort order, with their ticket counts. */
  async list(q: string): Promise<StatusListItem[]> {
    const m = this.db.manager;
    const [statuses, rows] = await Promise.all([
      m.find(TicketStatus, { order: { sort: 'ASC', id: 'ASC' } }),
      m.createQueryBuilder(Ticket, 't').select('t.statusId', 'id').addSelect('COUNT(*)', 'n').groupBy('t.statusId').getRawMany<{ id: number | string; n: number | string }>(),
    ]);
    const counts = new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
    const needle = q.toLowerCase();
    return statuses.filter((s) => s.name.toLowerCase().includes(needle)).map((status) => ({ status, tickets: counts.get(status.id) ?? 0 }));
  }

  async detail(id: number): Promise<StatusListItem> {
    const status = await this.load(this.db.manager, id);
    return { status, tickets: await this.db.manager.countBy(Ticket, { statusId: id }) };
  }

  /** The position a new status gets by default: after the last one. */
  async nextSort(): Promise<number> {
    const [last] = await this.db.manager.find(TicketStatus, { order: { sort: 'DESC' }, take: 1 });
    return Math.min((last?.sort ?? 0) + 1, 9999);
  }

  async create(actor: AuditActor, input: StatusInput): Promise<TicketStatus> {
    return this.write(async (m) => {
      await this.checkName(m, null, input.name);
      if (input.isDefault && input.state !== 'open') throw invalidField('isDefault', 'Only a status in the open state can be the default.');
      const status = await m.save(m.create(TicketStatus, { ...input }));
      await this.audit.record(actor, { action: 'status.created', target: target(status), after: snapshot(status) }, m);
      if (status.isDefault) await this.clearOtherDefaults(actor, m, status.id);
      return status;
    });
  }

  /**
   * Updates a status. CASE: the default cannot stop being the default (make another one the default
   * instead) nor leave the open state; a status in use, or the last one of its state, keeps its state.
   */
  async update(actor: AuditActor, id: number, input: StatusInput): Promise<TicketStatus> {
    return this.write(async (m) => {
      const status = await this.load(m, id);
      await this.checkName(m, id, input.name);
      if (input.state !== status.state) {
        if (status.isDefault) throw invalidField('state', 'The default status must stay in the open state.');
        const tickets = await m.countBy(Ticket, { statusId: id });
        if (tickets > 0) throw invalidField('state', `${ticketCount(tickets)} this status; its state cannot change while they do.`);
        const topics = await m.countBy(HelpTopic, { statusId: id });
        if (topics > 0) throw invalidField('state', `${topicCount(topics)} this status for new tickets; its state cannot change while they do.`);
        await this.checkNotLastOfState(m, status, 'field');
      }
      if (status.isDefault && !input.isDefault) {
        throw invalidField('isDefault', 'A help desk needs a default status: make another open status the default instead.');
      }
      if (input.isDefault && input.state !== 'open') throw invalidField('isDefault', 'Only a status in the open state can be the default.');
      if (input.isDefault && !status.isActive) throw invalidField('isDefault', 'A disabled status cannot be the default; enable it first.');
      const before = snapshot(status);
      Object.assign(status, input);
      await m.save(status);
      const diff = changedFields(before, snapshot(status));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'status.updated', target: target(status), ...diff }, m);
      if (status.isDefault && !before.isDefault) await this.clearOtherDefaults(actor, m, id);
      return status;
    });
  }

  /**
   * Disables or enables a status. Tickets already in a disabled status keep it; ticket forms stop offering
   * it. CASE: the default status, one a help topic gives new tickets, and the last enabled status of its
   * state cannot be disabled.
   */
  async setActive(actor: AuditActor, id: number, active: boolean): Promise<TicketStatus> {
    return this.write(async (m) => {
      const status = await this.load(m, id);
      if (status.isActive === active) return status;
      if (!active) {
        if (status.isDefault) throw new DomainError('conflict', `“${status.name}” is the default status. Make another status the default first.`);
        const topics = await m.countBy(HelpTopic, { statusId: id });
        if (topics > 0) throw new DomainError('conflict', `${topicCount(topics)} the status “${status.name}” for new tickets; change them first.`);
        await this.checkNotLastOfState(m, status, 'refusal');
      }
      status.isActive = active;
      await m.save(status);
      await this.audit.record(actor, {
        action: active ? 'status.enabled' : 'status.disabled', target: target(status), before: { isActive: !active }, after: { isActive: active },
      }, m);
      return status;
    });
  }

  /** Deletes a status no ticket or help topic uses, that is no default nor the last of its state. */
  async delete(actor: AuditActor, id: number): Promise<TicketStatus> {
    try {
      return await this.write(async (m) => {
        const status = await this.load(m, id);
        if (status.isDefault) throw new DomainError('conflict', `“${status.name}” is the default status; make another open status the default first.`);
        const tickets = await m.countBy(Ticket, { statusId: id });
        if (tickets > 0) throw new DomainError('conflict', `${ticketCount(tickets)} the status “${status.name}”; give them another status first.`);
        const topics = await m.countBy(HelpTopic, { statusId: id });
        if (topics > 0) throw new DomainError('conflict', `${topicCount(topics)} the status “${status.name}” for new tickets; change them first.`);
        await this.checkNotLastOfState(m, status, 'refusal');
        await m.delete(TicketStatus, { id });
        await this.audit.record(actor, { action: 'status.deleted', target: target(status), before: snapshot(status) }, m);
        return status;
      });
    } catch (err) {
      if (isConstraintViolation(err, 'foreign_key')) throw new DomainError('conflict', 'The status is still in use elsewhere.');
      throw err;
    }
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        // One status write at a time (SQLite has a single writer anyway): "exactly one default" and "one
        // status per state" are rules across rows that two concurrent saves could each think they keep.
        if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM ticket_statuses FOR UPDATE');
        return work(m);
      });
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'Another status already has this name.');
      throw err;
    }
  }

  private async load(m: EntityManager, id: number): Promise<TicketStatus> {
    const status = await m.findOneBy(TicketStatus, { id });
    if (!status) throw notFound('status');
    return status;
  }

  private async checkName(m: EntityManager, id: number | null, name: string): Promise<void> {
    const same = await m.createQueryBuilder(TicketStatus, 's').where('LOWER(s.name) = :name', { name: name.toLowerCase() }).getOne();
    if (same && same.id !== id) throw invalidField('name', `A status named “${name}” already exists.`);
  }

  /** CASE: queues, the lifecycle and housekeeping each need an enabled status in every state. */
  private async checkNotLastOfState(m: EntityManager, status: TicketStatus, as: 'field' | 'refusal'): Promise<void> {
    const others = await m.countBy(TicketStatus, { state: status.state, id: Not(status.id) });
    if (others > 0 && (await m.countBy(TicketStatus, { state: status.state, id: Not(status.id), isActive: true })) > 0) return;
    const message = others > 0
      ? `“${status.name}” is the only enabled status in the ${status.state} state; a help desk needs at least one in each.`
      : `“${status.name}” is the only status in the ${status.state} state; a help desk needs at least one in each.`;
    throw as === 'field' ? invalidField('state', message) : new DomainError('conflict', message);
  }

  private async clearOtherDefaults(actor: AuditActor, m: EntityManager, id: number): Promise<void> {
    for (const other of await m.findBy(TicketStatus, { isDefault: true, id: Not(id) })) {
      await m.update(TicketStatus, { id: other.id }, { isDefault: false });
      await this.audit.record(actor, { action: 'status.updated', target: target(other), before: { isDefault: true }, after: { isDefault: false } }, m);
    }
  }
}

const topicCount = (n: number) => (n === 1 ? '1 help topic uses' : `${n.toLocaleString('en-US')} help topics use`);
const ticketCount = (n: number) => (n === 1 ? '1 ticket uses' : `${n.toLocaleString('en-US')} tickets use`);
const target = (s: TicketStatus) => ({ type: 'status', id: s.id, label: s.name });
