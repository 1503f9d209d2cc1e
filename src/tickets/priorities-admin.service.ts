import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Priority, PriorityColor } from './priority.entity';
import { Ticket } from './ticket.entity';

export const MIN_URGENCY = 1;
export const MAX_URGENCY = 100;

export interface PriorityInput {
  name: string;
  color: PriorityColor;
  /** 1-100, unique: higher is more urgent. */
  urgency: number;
  isDefault: boolean;
}

export interface PriorityListItem {
  priority: Priority;
  tickets: number;
  helpTopics: number;
}

const snapshot = (p: Priority) => ({ name: p.name, color: p.cssClass, urgency: p.urgency, isDefault: p.isDefault });

/**
 * Ticket priorities as admins manage them: unique names and urgencies, a colour from the palette, and
 * exactly one default. A priority goes away only when it is not the default and no ticket or help
 * topic uses it. A disabled priority stays on the tickets that have it but is no longer offered on
 * ticket forms. Every change is audited in its transaction.
 */
@Injectable()
export class PrioritiesAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Priorities whose name contains `q`, case-insensitively, most urgent first, with what uses them. */
  async list(q: string): Promise<PriorityListItem[]> {
    const m = this.db.manager;
    const [priorities, tickets, topics] = await Promise.all([
      m.find(Priority, { order: { urgency: 'DESC' } }),
      this.grouped(m, Ticket),
      this.grouped(m, HelpTopic),
    ]);
    const needle = q.toLowerCase();
    return priorities
      .filter((p) => p.name.toLowerCase().includes(needle))
      .map((priority) => ({ priority, tickets: tickets.get(priority.id) ?? 0, helpTopics: topics.get(priority.id) ?? 0 }));
  }

  async detail(id: number): Promise<PriorityListItem> {
    const m = this.db.manager;
    const priority = await this.load(m, id);
    const [tickets, helpTopics] = await Promise.all([m.countBy(Ticket, { priorityId: id }), m.countBy(HelpTopic, { priorityId: id })]);
    return { priority, tickets, helpTopics };
  }

  async create(actor: AuditActor, input: PriorityInput): Promise<Priority> {
    return this.write(async (m) => {
      await this.check(m, null, input);
      const priority = await m.save(m.create(Priority, columns(input)));
      await this.audit.record(actor, { action: 'priority.created', target: target(priority), after: snapshot(priority) }, m);
      if (priority.isDefault) await this.clearOtherDefaults(actor, m, priority.id);
      return priority;
    });
  }

  /** Updates a priority. CASE: the default stays the default until another priority is made the default. */
  async update(actor: AuditActor, id: number, input: PriorityInput): Promise<Priority> {
    return this.write(async (m) => {
      const priority = await this.load(m, id);
      await this.check(m, priority, input);
      const before = snapshot(priority);
      Object.assign(priority, columns(input));
      await m.save(priority);
      const diff = changedFields(before, snapshot(priority));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'priority.updated', target: target(priority), ...diff }, m);
      if (priority.isDefault && !before.isDefault) await this.clearOtherDefaults(actor, m, id);
      return priority;
    });
  }

  /**
   * Disables or enables a priority. Tickets that have a disabled priority keep it; ticket forms stop
   * offering it. CASE: the default priority and one a help topic gives new tickets cannot be disabled
   * (intake would have nothing valid to apply).
   */
  async setActive(actor: AuditActor, id: number, active: boolean): Promise<Priority> {
    return this.write(async (m) => {
      const priority = await this.load(m, id);
      if (priority.isActive === active) return priority;
      if (!active) {
        if (priority.isDefault) throw new DomainError('conflict', `“${priority.name}” is the default priority. Make another priority the default first.`);
        const topics = await m.countBy(HelpTopic, { priorityId: id });
        if (topics > 0) throw new DomainError('conflict', `${plural(topics, 'help topic')} ${topics === 1 ? 'uses' : 'use'} the priority “${priority.name}” for new tickets; change them first.`);
      }
      priority.isActive = active;
      await m.save(priority);
      await this.audit.record(actor, {
        action: active ? 'priority.enabled' : 'priority.disabled', target: target(priority), before: { isActive: !active }, after: { isActive: active },
      }, m);
      return priority;
    });
  }

  /** Deletes a priority that is not the default and that no ticket or help topic uses. */
  async delete(actor: AuditActor, id: number): Promise<Priority> {
    try {
      return await this.write(async (m) => {
        const priority = await this.load(m, id);
        if (priority.isDefault) throw new DomainError('conflict', `“${priority.name}” is the default priority; make another priority the default first.`);
        const [tickets, topics] = await Promise.all([m.countBy(Ticket, { priorityId: id }), m.countBy(HelpTopic, { priorityId: id })]);
        const uses = [plural(tickets, 'ticket'), plural(topics, 'help topic')].filter(Boolean).join(' and ');
        if (uses) throw new DomainError('conflict', `The priority “${priority.name}” is still used by ${uses}; give them another priority first.`);
        await m.delete(Priority, { id });
        await this.audit.record(actor, { action: 'priority.deleted', target: target(priority), before: snapshot(priority) }, m);
        return priority;
      });
    } catch (err) {
      if (isConstraintViolation(err, 'foreign_key')) throw new DomainError('conflict', 'The priority is still in use elsewhere.');
      throw err;
    }
  }

  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        // One priority write at a time (SQLite has a single writer anyway), so "exactly one default" holds.
        if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM priorities FOR UPDATE');
        return work(m);
      });
    } catch (err) {
      // CASE: another admin took the name or the urgency at the same moment.
      if (isConstraintViolation(err, 'unique')) throw invalidField('name', 'Another priority already has this name or urgency.');
      throw err;
    }
  }

  private async load(m: EntityManager, id: number): Promise<Priority> {
    const priority = await m.findOneBy(Priority, { id });
    if (!priority) throw notFound('priority');
    return priority;
  }

  private async check(m: EntityManager, priority: Priority | null, input: PriorityInput): Promise<void> {
    const sameName = await m.createQueryBuilder(Priority, 'p').where('LOWER(p.name) = :name', { name: input.name.toLowerCase() }).getOne();
    if (sameName && sameName.id !== priority?.id) throw invalidField('name', `A priority named “${input.name}” already exists.`);
    const sameUrgency = await m.findOneBy(Priority, { urgency: input.urgency });
    if (sameUrgency && sameUrgency.id !== priority?.id) throw invalidField('urgency', `Urgency ${input.urgency} is already taken by “${sameUrgency.name}”.`);
    if (priority?.isDefault && !input.isDefault) {
      throw invalidField('isDefault', 'A help desk needs a default priority: make another priority the default instead.');
    }
    if (priority && !priority.isActive && input.isDefault) throw invalidField('isDefault', 'A disabled priority cannot be the default; enable it first.');
  }

  private async clearOtherDefaults(actor: AuditActor, m: EntityManager, id: number): Promise<void> {
    for (const other of await m.findBy(Priority, { isDefault: true, id: Not(id) })) {
      await m.update(Priority, { id: other.id }, { isDefault: false });
      await this.audit.record(actor, { action: 'priority.updated', target: target(other), before: { isDefault: true }, after: { isDefault: false } }, m);
    }
  }

  private async grouped(m: EntityManager, entity: typeof Ticket | typeof HelpTopic): Promise<Map<number, number>> {
    const rows = await m.createQueryBuilder(entity, 'x').select('x.priorityId', 'id').addSelect('COUNT(*)', 'n')
      .where('x.priorityId IS NOT NULL').groupBy('x.priorityId').getRawMany<{ id: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  }
}

const columns = (input: PriorityInput) => ({ name: input.name, cssClass: input.color, urgency: input.urgency, isDefault: input.isDefault });
const plural = (n: number, word: string) => (n === 0 ? '' : `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`);
const target = (p: Priority) => ({ type: 'priority', id: p.id, label: p.name });
