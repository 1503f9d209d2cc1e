import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, ObjectLiteral, EntityTarget } from 'typeorm';
import { CannedResponse } from '../canned/canned.entities';
import { Department } from '../departments/department.entity';
import { CustomField } from '../forms/custom-field.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { SlaPlan } from '../sla/sla-plan.entity';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { Priority } from '../tickets/priority.entity';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { ACTION_SPECS, describeAction, FilterAction, FilterActionType } from './filter-rules';

/** The action types that point at a row, and the kind of row each names. */
export const REFERENCE_KINDS = {
  set_department: 'department',
  set_priority: 'priority',
  set_sla_plan: 'sla',
  set_help_topic: 'topic',
  set_status: 'status',
  assign_agent: 'agent',
  assign_team: 'team',
  send_canned_reply: 'canned',
} as const satisfies Partial<Record<FilterActionType, string>>;
export type ReferenceKind = (typeof REFERENCE_KINDS)[keyof typeof REFERENCE_KINDS];

/** What a reference kind is called in the admin form, in the order the value select groups them. */
export const REFERENCE_LABELS: Record<ReferenceKind, string> = {
  department: 'Departments', priority: 'Priorities', sla: 'SLA plans', topic: 'Help topics',
  status: 'Statuses (open)', agent: 'Agents', team: 'Teams', canned: 'Canned responses',
};

export interface ReferenceChoice {
  id: number;
  name: string;
  isActive: boolean;
}

export type ReferenceChoices = Record<ReferenceKind, ReferenceChoice[]>;

type Named = { id: number; name: string; isActive: boolean };

/** How each kind's rows are read: entity, and the name and "usable" flag people see. */
const SOURCES: Record<ReferenceKind, { entity: EntityTarget<ObjectLiteral>; order: Record<string, 'ASC'>; named: (row: never) => Named }> = {
  department: { entity: Department, order: { name: 'ASC' }, named: (d: Department) => ({ id: d.id, name: d.name, isActive: d.isActive }) },
  priority: { entity: Priority, order: { urgency: 'ASC' }, named: (p: Priority) => ({ id: p.id, name: p.name, isActive: p.isActive }) },
  sla: { entity: SlaPlan, order: { name: 'ASC' }, named: (p: SlaPlan) => ({ id: p.id, name: p.name, isActive: p.isActive }) },
  topic: { entity: HelpTopic, order: { fullName: 'ASC' }, named: (t: HelpTopic) => ({ id: t.id, name: t.fullName, isActive: t.isActive }) },
  // CASE: only open-state statuses can start a ticket; closed ones are not offered and not accepted.
  status: { entity: TicketStatus, order: { sort: 'ASC' }, named: (s: TicketStatus) => ({ id: s.id, name: s.name, isActive: s.state === 'open' && s.isActive }) },
  agent: { entity: Staff, order: { firstName: 'ASC' }, named: (s: Staff) => ({ id: s.id, name: s.name, isActive: s.isActive }) },
  team: { entity: Team, order: { name: 'ASC' }, named: (t: Team) => ({ id: t.id, name: t.name, isActive: t.isActive }) },
  canned: { entity: CannedResponse, order: { title: 'ASC' }, named: (c: CannedResponse) => ({ id: c.id, name: c.title, isActive: c.isActive }) },
};

const idKeyOf = (type: FilterActionType) => (ACTION_SPECS[type] as { id?: { key: string; noun: string } }).id;
const idOf = (action: FilterAction): number | undefined => {
  const spec = idKeyOf(action.type);
  return spec ? ((action as unknown as Record<string, unknown>)[spec.key] as number) : undefined;
};
const kindOf = (type: FilterActionType): ReferenceKind | undefined => (REFERENCE_KINDS as Partial<Record<FilterActionType, ReferenceKind>>)[type];

/**
 * The rows intake filter actions point at (departments, priorities, SLA plans, help topics, statuses,
 * agents, teams, canned responses): the admin form's choices, the save-time check that each still
 * exists, and the names that turn "set priority to #3" into "set priority to High".
 */
@Injectable()
export class FilterReferencesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every row an action may point at, by kind (disabled ones flagged, so the form can say so). */
  async choices(): Promise<ReferenceChoices> {
    const kinds = Object.keys(SOURCES) as ReferenceKind[];
    const lists = await Promise.all(kinds.map(async (kind) => {
      const { entity, order, named } = SOURCES[kind];
      const rows = await this.db.getRepository(entity).find({ order });
      return rows.map((row) => named(row as never)).filter((r) => kind !== 'status' || r.isActive);
    }));
    return Object.fromEntries(kinds.map((kind, i) => [kind, lists[i]])) as ReferenceChoices;
  }

  /** The names of the custom fields on the forms (active ones), for `field:<name>` conditions. */
  async customFields(): Promise<{ name: string; label: string }[]> {
    const fields = await this.db.getRepository(CustomField).find({ where: { isActive: true }, order: { name: 'ASC', id: 'ASC' } });
    const seen = new Map<string, string>();
    for (const f of fields) if (!seen.has(f.name)) seen.set(f.name, f.label);
    return [...seen].map(([name, label]) => ({ name, label }));
  }

  /**
   * Field path -> message for each action whose row does not exist (or, for a status, is not an open
   * one): `actions.2.departmentId: Choose a department from the list.`
   */
  async check(actions: FilterAction[], manager: EntityManager = this.db.manager): Promise<Record<string, string>> {
    const known = await this.load(actions, manager);
    const errors: Record<string, string> = {};
    actions.forEach((action, i) => {
      const kind = kindOf(action?.type);
      const id = kind ? idOf(action) : undefined;
      if (!kind || !Number.isInteger(id)) return;
      const row = known[kind].get(id!);
      const spec = idKeyOf(action.type)!;
      if (!row) errors[`actions.${i}.${spec.key}`] = `Choose ${spec.noun} from the list.`;
      else if (kind === 'status' && !row.isActive) errors[`actions.${i}.${spec.key}`] = 'Choose an open status from the list.';
    });
    return errors;
  }

  /** Human sentences for actions, ids replaced by names ("set priority to High"; "#7 (deleted)" when gone). */
  async describe(actions: FilterAction[], manager: EntityManager = this.db.manager): Promise<string[]> {
    const known = await this.load(actions, manager);
    return actions.map((action) => {
      const kind = kindOf(action.type);
      if (!kind) return describeAction(action);
      const id = idOf(action)!;
      const row = known[kind].get(id);
      const name = row ? `“${row.name}”` : `#${id} (deleted)`;
      return `${ACTION_SPECS[action.type].sentence} ${name}`;
    });
  }

  /** The rows the actions name, by kind and id, in one query per kind used. */
  async load(actions: FilterAction[], manager: EntityManager = this.db.manager): Promise<Record<ReferenceKind, Map<number, Named>>> {
    const wanted = new Map<ReferenceKind, Set<number>>();
    for (const action of actions) {
      const kind = kindOf(action?.type);
      const id = kind ? idOf(action) : undefined;
      if (kind && Number.isInteger(id) && id! > 0 && id! < 2 ** 31) wanted.set(kind, (wanted.get(kind) ?? new Set()).add(id!));
    }
    const result = Object.fromEntries((Object.keys(SOURCES) as ReferenceKind[]).map((k) => [k, new Map<number, Named>()])) as Record<ReferenceKind, Map<number, Named>>;
    await Promise.all([...wanted].map(async ([kind, ids]) => {
      const rows = await manager.getRepository(SOURCES[kind].entity).findBy({ id: In([...ids]) });
      for (const row of rows) {
        const named = SOURCES[kind].named(row as never);
        result[kind].set(named.id, named);
      }
    }));
    return result;
  }
}
