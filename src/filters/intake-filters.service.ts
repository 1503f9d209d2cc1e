import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { isConstraintViolation } from '../common/database-errors';
import { applyFilters, FilterOutcome, IntakeSample } from './filter-engine';
import { describeAction, FilterAction, FilterCondition, FilterRule, validateRule } from './filter-rules';
import { FilterReferencesService } from './filter-references.service';
import { IntakeFilter } from './filters.entities';

export interface FilterInput {
  name: string;
  match: 'all' | 'any';
  isActive: boolean;
  conditions: FilterCondition[];
  actions: FilterAction[];
}

/** The sample an admin types to try a rule: the help topic by id (none: null). */
export type PreviewSample = Omit<IntakeSample, 'helpTopic' | 'fields'> & { helpTopicId: number | null };

/** What "Test against a sample" shows: each condition with whether it matched, and what would happen. */
export interface FilterPreview {
  matched: boolean;
  conditions: { text: string; matched: boolean }[];
  /** The actions the rule would take, ids named ("set department to “Sales”"); empty when it does not match. */
  actions: string[];
  rejected: boolean;
}

const OPERATOR_WORDS: Record<FilterCondition['operator'], string> = {
  equals: 'equals', not_equals: 'does not equal', contains: 'contains', not_contains: 'does not contain',
  starts_with: 'starts with', ends_with: 'ends with', matches: 'matches the regular expression',
};

/** "subject contains “refund”": how the admin pages and the preview say a condition. */
export function describeCondition(c: FilterCondition): string {
  const field = c.field.startsWith('field:') ? `custom field ${c.field.slice(6)}` : c.field === 'helpTopic' ? 'help topic' : c.field;
  return `${field} ${OPERATOR_WORDS[c.operator] ?? c.operator} “${c.value}”`;
}

/** The engine's view of a stored rule. */
export const toRule = (f: IntakeFilter): FilterRule => ({
  id: f.id, name: f.name, order: f.sort, isActive: f.isActive, match: f.match, conditions: f.conditions ?? [], actions: f.actions ?? [],
});

/**
 * Intake filters: the admin's ordered rules (create, edit, reorder, disable, delete, all audited as
 * `filter.*`), and running them on a sample. A rule is saved only when `validateRule` finds nothing
 * wrong and every row its actions name exists.
 */
@Injectable()
export class IntakeFiltersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly references: FilterReferencesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(): Promise<IntakeFilter[]> {
    return this.db.getRepository(IntakeFilter).find({ order: { sort: 'ASC', id: 'ASC' } });
  }

  async get(id: number): Promise<IntakeFilter> {
    const filter = await this.db.getRepository(IntakeFilter).findOneBy({ id });
    if (!filter) throw notFound('filter');
    return filter;
  }

  /** Runs the active rules, in order, against what a new ticket looks like. */
  async evaluate(sample: IntakeSample): Promise<FilterOutcome> {
    const rules = await this.db.getRepository(IntakeFilter).find({ where: { isActive: true }, order: { sort: 'ASC', id: 'ASC' } });
    return applyFilters(rules.map(toRule), sample);
  }

  /**
   * "Test against a sample": checks the rule as a save would (422 naming the field), then runs it alone,
   * active or not, saved or not. Writes nothing.
   */
  async preview(input: FilterInput, sample: PreviewSample, id: number | null = null): Promise<FilterPreview> {
    await this.check(this.db.manager, input, id, true);
    const topic = sample.helpTopicId === null ? null : await this.db.getRepository(HelpTopic).findOneBy({ id: sample.helpTopicId });
    if (sample.helpTopicId !== null && !topic) throw invalidField('sample.topic', 'Choose a help topic from the list.');
    const tried: IntakeSample = { ...sample, helpTopic: topic?.fullName ?? null, fields: {} };
    const rule: FilterRule = { id: id ?? 0, name: input.name, order: 0, isActive: true, match: input.match, conditions: input.conditions, actions: input.actions };
    const conditions = input.conditions.map((c) => ({
      text: describeCondition(c),
      matched: applyFilters([{ ...rule, match: 'all', conditions: [c], actions: [{ type: 'stop_processing' }] }], tried).matched.length > 0,
    }));
    const [hit] = applyFilters([rule], tried).matched;
    return { matched: !!hit, conditions, actions: hit ? await this.references.describe(hit.applied) : [], rejected: !!hit?.applied.some((a) => a.type === 'reject') };
  }

  async create(actor: AuditActor, input: FilterInput): Promise<IntakeFilter> {
    return this.write(async (manager) => {
      await this.check(manager, input, null);
      const repo = manager.getRepository(IntakeFilter);
      const last = await repo.createQueryBuilder('f').select('MAX(f.sort)', 'max').getRawOne<{ max: number | null }>();
      const now = this.clock.now();
      const saved = await repo.save(repo.create({ ...clean(input), sort: Number(last?.max ?? 0) + 1, createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'filter.created', target: target(saved), after: snapshot(saved) }, manager);
      return saved;
    });
  }

  async update(actor: AuditActor, id: number, input: FilterInput): Promise<IntakeFilter> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(IntakeFilter);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('filter');
      await this.check(manager, input, id);
      const before = snapshot(current);
      Object.assign(current, clean(input), { updatedAt: this.clock.now() });
      await repo.save(current);
      const changes = changedFields(before, snapshot(current));
      if (Object.keys(changes.after).length > 0) {
        await this.audit.record(actor, { action: 'filter.updated', target: target(current), ...changes }, manager);
      }
      return current;
    });
  }

  /** Moves a rule one place up or down (a no-op at either end); positions are renumbered 1..n. */
  async move(actor: AuditActor, id: number, direction: 'up' | 'down'): Promise<IntakeFilter> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(IntakeFilter);
      const all = await repo.find({ order: { sort: 'ASC', id: 'ASC' } });
      const from = all.findIndex((f) => f.id === id);
      if (from < 0) throw notFound('filter');
      const to = direction === 'up' ? from - 1 : from + 1;
      if (to < 0 || to >= all.length) return all[from];
      [all[from], all[to]] = [all[to], all[from]];
      for (const [i, f] of all.entries()) {
        if (f.sort !== i + 1) await repo.update({ id: f.id }, { sort: i + 1 });
      }
      await this.audit.record(actor, { action: 'filter.moved', target: target(all[to]), before: { position: from + 1 }, after: { position: to + 1 } }, manager);
      return all[to];
    });
  }

  async setActive(actor: AuditActor, id: number, isActive: boolean): Promise<IntakeFilter> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(IntakeFilter);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('filter');
      if (current.isActive === isActive) return current;
      await repo.update({ id }, { isActive, updatedAt: this.clock.now() });
      current.isActive = isActive;
      await this.audit.record(actor, {
        action: isActive ? 'filter.enabled' : 'filter.disabled', target: target(current), before: { isActive: !isActive }, after: { isActive },
      }, manager);
      return current;
    });
  }

  async delete(actor: AuditActor, id: number): Promise<IntakeFilter> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(IntakeFilter);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('filter');
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'filter.deleted', target: target(current), before: snapshot(current) }, manager);
      return current;
    });
  }

  /** The rule's shape, the rows its actions name, and its name's uniqueness: one 422 listing every problem. */
  private async check(manager: EntityManager, input: FilterInput, id: number | null, preview = false): Promise<void> {
    const errors = validateRule({ ...input, order: 0 });
    // CASE: a rule can be tried before it has a name; only saving needs one.
    if (preview) delete errors.name;
    const refs = await this.references.check(input.actions.filter(Boolean), manager);
    for (const [path, message] of Object.entries(refs)) errors[path] ??= message;
    const name = input.name.trim();
    if (!errors.name && !preview) {
      const query = manager.getRepository(IntakeFilter).createQueryBuilder('f').where('LOWER(f.name) = :name', { name: name.toLowerCase() });
      if (id !== null) query.andWhere('f.id <> :id', { id });
      if ((await query.getCount()) > 0) errors.name = nameTaken;
    }
    const messages = Object.values(errors);
    if (messages.length > 0) throw new DomainError('validation_failed', messages[0], errors);
  }

  /** One transaction; a name taken by a concurrent save ends as the same form error as one taken before. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw new DomainError('validation_failed', nameTaken, { name: nameTaken });
      throw err;
    }
  }
}

const nameTaken = 'Another filter already has this name.';
const target = (f: IntakeFilter) => ({ type: 'intake_filter', id: f.id, label: f.name });

/** Trimmed values, as stored. */
const clean = (input: FilterInput) => ({
  name: input.name.trim(),
  match: input.match,
  isActive: input.isActive,
  conditions: input.conditions.map((c) => ({ field: c.field, operator: c.operator, value: c.value.trim() })),
  actions: input.actions,
});

/** The audit log keeps the rule as people read it. */
const snapshot = (f: IntakeFilter): Record<string, unknown> => ({
  name: f.name,
  match: f.match,
  isActive: f.isActive,
  conditions: (f.conditions ?? []).map(describeCondition),
  actions: (f.actions ?? []).map(describeAction),
});
