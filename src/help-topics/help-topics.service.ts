import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors';
import { FormErrors } from '../common/view-models';
import { Department } from '../departments/department.entity';
import { CustomForm } from '../forms/custom-form.entity';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { Priority } from '../tickets/priority.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { Ticket } from '../tickets/ticket.entity';
import { HelpTopic } from './help-topic.entity';
import { descendantIds, FULL_NAME_SEPARATOR, fullNames, treeOrder } from './help-topic-tree';

export interface HelpTopicInput {
  name: string;
  parentId: number | null;
  departmentId: number | null;
  priorityId: number | null;
  slaPlanId: number | null;
  statusId: number | null;
  staffId: number | null;
  teamId: number | null;
  formId: number | null;
  isPublic: boolean;
  isActive: boolean;
  sort: number;
}

/**
 * Everything a help topic's selects offer. Disabled rows (and closed statuses) are included so a topic
 * pointing to one still shows it; saving then says what is wrong instead of silently clearing it.
 */
export interface HelpTopicChoices {
  topics: HelpTopic[];
  departments: Department[];
  priorities: Priority[];
  slaPlans: SlaPlan[];
  statuses: TicketStatus[];
  agents: Staff[];
  teams: Team[];
  forms: CustomForm[];
}

const MAX_FULL_NAME = 255;

/** The fields an audit record keeps of a topic. */
const snapshot = (t: HelpTopic): Record<string, unknown> => ({
  name: t.name, fullName: t.fullName, parentId: t.parentId, departmentId: t.departmentId, priorityId: t.priorityId,
  slaPlanId: t.slaPlanId, statusId: t.statusId, staffId: t.staffId, teamId: t.teamId, formId: t.formId,
  isPublic: t.isPublic, isActive: t.isActive, sort: t.sort,
});

/** Admin management of help topics: the tree, its full names, and the defaults each topic gives new tickets. */
@Injectable()
export class HelpTopicsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every topic in tree order with its depth; `q` keeps those whose full name contains it (any case). */
  async list(q = ''): Promise<{ topic: HelpTopic; depth: number }[]> {
    const all = await this.db.getRepository(HelpTopic).find({ relations: { department: true } });
    const needle = q.trim().toLowerCase();
    return treeOrder(needle ? all.filter((t) => t.fullName.toLowerCase().includes(needle)) : all);
  }

  async get(id: number): Promise<HelpTopic> {
    const topic = await this.db.getRepository(HelpTopic).findOneBy({ id });
    if (!topic) throw notFound('help topic');
    return topic;
  }

  async choices(): Promise<HelpTopicChoices> {
    const m = this.db.manager;
    const [topics, departments, priorities, slaPlans, statuses, agents, teams, forms] = await Promise.all([
      m.find(HelpTopic), m.find(Department, { order: { name: 'ASC' } }), m.find(Priority, { order: { urgency: 'ASC' } }),
      m.find(SlaPlan, { order: { name: 'ASC' } }), m.find(TicketStatus, { order: { sort: 'ASC', id: 'ASC' } }),
      m.find(Staff, { order: { firstName: 'ASC', lastName: 'ASC' } }), m.find(Team, { order: { name: 'ASC' } }), m.find(CustomForm, { order: { name: 'ASC' } }),
    ]);
    return { topics: treeOrder(topics).map((n) => n.topic), departments, priorities, slaPlans, statuses, agents, teams, forms };
  }

  /** Adds a topic after checking every reference (see `check`). */
  async create(actor: AuditActor, input: HelpTopicInput): Promise<HelpTopic> {
    return this.db.transaction(async (m) => {
      await this.check(m, null, input);
      const repo = m.getRepository(HelpTopic);
      const parent = input.parentId ? await repo.findOneByOrFail({ id: input.parentId }) : null;
      const fullName = parent ? `${parent.fullName}${FULL_NAME_SEPARATOR}${input.name}` : input.name;
      const topic = await repo.save(repo.create({ ...input, fullName }));
      await this.audit.record(actor, { action: 'help_topic.created', target: target(topic), after: snapshot(topic) }, m);
      return topic;
    });
  }

  /**
   * Changes a topic. A rename or a move renews the full names of the topic and of all its subtopics in
   * the same transaction, so lists and ticket pages never show a stale path.
   */
  async update(actor: AuditActor, id: number, input: HelpTopicInput): Promise<HelpTopic> {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(HelpTopic);
      const before = await repo.findOneBy({ id });
      if (!before) throw notFound('help topic');
      const all = await this.check(m, id, input);
      const renamed = fullNames(all.map((t) => (t.id === id ? { ...t, name: input.name, parentId: input.parentId } : t)));
      for (const topic of all) {
        const next = renamed.get(topic.id)!;
        if (topic.id !== id && next !== topic.fullName) await repo.update({ id: topic.id }, { fullName: next });
      }
      const after = await repo.save(repo.create({ ...before, ...input, fullName: renamed.get(id)! }));
      const diff = changedFields(snapshot(before), snapshot(after));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'help_topic.updated', target: target(after), ...diff }, m);
      return after;
    });
  }

  /** Disabling hides the topic from the portal and the staff selects; always allowed. */
  async setActive(actor: AuditActor, id: number, isActive: boolean): Promise<HelpTopic> {
    return this.db.transaction(async (m) => {
      const topic = await m.findOneBy(HelpTopic, { id });
      if (!topic) throw notFound('help topic');
      if (topic.isActive === isActive) return topic;
      await m.update(HelpTopic, { id }, { isActive });
      const action = isActive ? 'help_topic.enabled' : 'help_topic.disabled';
      await this.audit.record(actor, { action, target: target(topic), before: { isActive: topic.isActive }, after: { isActive } }, m);
      return { ...topic, isActive };
    });
  }

  /** Deletes a topic no ticket and no subtopic refers to; otherwise refused with the counts, nothing changed. */
  async delete(actor: AuditActor, id: number): Promise<HelpTopic> {
    return this.db.transaction(async (m) => {
      const topic = await m.findOneBy(HelpTopic, { id });
      if (!topic) throw notFound('help topic');
      const [children, tickets] = await Promise.all([m.countBy(HelpTopic, { parentId: id }), m.countBy(Ticket, { helpTopicId: id })]);
      if (children > 0 || tickets > 0) {
        const held = [children > 0 ? count(children, 'subtopic') : '', tickets > 0 ? count(tickets, 'ticket') : ''].filter(Boolean).join(' and ');
        throw new DomainError('conflict', `The help topic “${topic.fullName}” still has ${held}; move them first or disable it instead.`);
      }
      await m.delete(HelpTopic, { id });
      await this.audit.record(actor, { action: 'help_topic.deleted', target: target(topic), before: snapshot(topic) }, m);
      return topic;
    });
  }

  /**
   * The rules a topic's values must meet, every failing field reported at once: a name unique among its
   * siblings; a parent that exists and is neither the topic nor one of its subtopics; an active
   * department, SLA plan, agent, team and form; an existing priority; an open-state default status; full
   * names (its own and its subtopics') that fit. Returns every topic, read inside the transaction.
   */
  private async check(m: EntityManager, id: number | null, input: HelpTopicInput): Promise<HelpTopic[]> {
    const all = await m.find(HelpTopic);
    const errors: FormErrors = {};
    const parent = input.parentId === null ? null : all.find((t) => t.id === input.parentId);
    if (input.parentId !== null && !parent) errors.parentId = 'Choose a parent topic from the list.';
    else if (id !== null && input.parentId === id) errors.parentId = 'A help topic cannot be its own parent.';
    else if (id !== null && parent && descendantIds(all, id).has(parent.id)) {
      errors.parentId = `A help topic cannot go under its own subtopic “${parent.fullName}”.`;
    }
    const sibling = all.find((t) => t.id !== id && t.parentId === input.parentId && t.name.toLowerCase() === input.name.toLowerCase());
    if (sibling) errors.name = `There is already a help topic “${sibling.fullName}”.`;
    if (!errors.parentId && !errors.name) {
      const moved = fullNames([...all.filter((t) => t.id !== id), { id: id ?? 0, parentId: input.parentId, name: input.name }]);
      const affected = id === null ? [0] : [id, ...descendantIds(all, id)];
      if (affected.some((t) => (moved.get(t) ?? '').length > MAX_FULL_NAME)) {
        errors.name = `The full name with its parents’ names (and its subtopics’) must be at most ${MAX_FULL_NAME} characters.`;
      }
    }
    Object.assign(errors, await this.checkReferences(m, input));
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    return all;
  }

  private async checkReferences(m: EntityManager, input: HelpTopicInput): Promise<FormErrors> {
    const errors: FormErrors = {};
    const find = <T extends { id: number }>(entity: EntityTarget<T>, id: number | null): Promise<T | null> =>
      id === null ? Promise.resolve(null) : m.findOneBy(entity, { id } as FindOptionsWhere<T>);
    const [department, priority, plan, status, agent, team, form] = await Promise.all([
      find(Department, input.departmentId), find(Priority, input.priorityId), find(SlaPlan, input.slaPlanId),
      find(TicketStatus, input.statusId), find(Staff, input.staffId), find(Team, input.teamId), find(CustomForm, input.formId),
    ]);
    if (input.departmentId !== null) {
      if (!department) errors.departmentId = 'Choose a department from the list.';
      else if (!department.isActive) errors.departmentId = `The department ${department.name} is disabled.`;
    }
    if (input.priorityId !== null) {
      if (!priority) errors.priorityId = 'Choose a priority from the list.';
      else if (!priority.isActive) errors.priorityId = `The priority ${priority.name} is disabled.`;
    }
    if (input.slaPlanId !== null) {
      if (!plan) errors.slaPlanId = 'Choose an SLA plan from the list.';
      else if (!plan.isActive) errors.slaPlanId = `The SLA plan ${plan.name} is disabled.`;
    }
    if (input.statusId !== null) {
      if (!status) errors.statusId = 'Choose a status from the list.';
      else if (status.state !== 'open') errors.statusId = `The status ${status.name} is not an open status; new tickets need an open one.`;
      else if (!status.isActive) errors.statusId = `The status ${status.name} is disabled.`;
    }
    if (input.staffId !== null) {
      if (!agent) errors.staffId = 'Choose an agent from the list.';
      else if (!agent.isActive) errors.staffId = `The agent ${agent.name} is disabled.`;
    }
    if (input.teamId !== null) {
      if (!team) errors.teamId = 'Choose a team from the list.';
      else if (!team.isActive) errors.teamId = `The team ${team.name} is disabled.`;
    }
    if (input.formId !== null) {
      if (!form) errors.formId = 'Choose a form from the list.';
      else if (!form.isActive) errors.formId = `The form ${form.name} is disabled.`;
    }
    return errors;
  }
}

const target = (t: HelpTopic) => ({ type: 'help_topic', id: t.id, label: t.fullName });
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
