import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { CannedResponse } from '../canned/canned.entities';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { StaffDepartmentAccess } from '../staff/staff-department-access.entity';
import { Staff } from '../staff/staff.entity';
import { Ticket } from '../tickets/ticket.entity';
import { Department } from './department.entity';

/**
 * What still points at a department: the reasons it cannot be deleted yet. One count per table with a
 * foreign key to departments (agents, extended access, tickets, help topics, sub-departments, canned
 * responses); a table that gains one belongs here too, or its rows end a delete with a vaguer refusal.
 */
export interface DepartmentUsage {
  agents: number;
  extendedAgents: number;
  tickets: number;
  helpTopics: number;
  children: number;
  cannedResponses: number;
}

export const NO_USAGE: DepartmentUsage = { agents: 0, extendedAgents: 0, tickets: 0, helpTopics: 0, children: 0, cannedResponses: 0 };

/**
 * Counts for one department, each over an indexed column (tickets through tickets_department_state_id_idx,
 * canned responses through canned_responses_department_title_uq).
 */
export async function departmentUsage(manager: EntityManager, id: number): Promise<DepartmentUsage> {
  const [agents, extendedAgents, tickets, helpTopics, children, cannedResponses] = await Promise.all([
    manager.countBy(Staff, { departmentId: id }),
    manager.countBy(StaffDepartmentAccess, { departmentId: id }),
    manager.countBy(Ticket, { departmentId: id }),
    manager.countBy(HelpTopic, { departmentId: id }),
    manager.countBy(Department, { parentId: id }),
    manager.countBy(CannedResponse, { departmentId: id }),
  ]);
  return { agents, extendedAgents, tickets, helpTopics, children, cannedResponses };
}

/** The same counts for every department at once: one grouped query per table, never one per row. */
export async function usageByDepartment(manager: EntityManager): Promise<Map<number, DepartmentUsage>> {
  const grouped = async (entity: EntityTarget<ObjectLiteral>, column: string): Promise<Map<number, number>> => {
    const rows: { id: number | string | null; n: number | string }[] = await manager
      .createQueryBuilder(entity, 'x')
      .select(`x.${column}`, 'id')
      .addSelect('COUNT(*)', 'n')
      .where(`x.${column} IS NOT NULL`)
      .groupBy(`x.${column}`)
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
  };
  const [agents, extendedAgents, tickets, helpTopics, children, cannedResponses] = await Promise.all([
    grouped(Staff, 'departmentId'),
    grouped(StaffDepartmentAccess, 'departmentId'),
    grouped(Ticket, 'departmentId'),
    grouped(HelpTopic, 'departmentId'),
    grouped(Department, 'parentId'),
    grouped(CannedResponse, 'departmentId'),
  ]);
  const all = [agents, extendedAgents, tickets, helpTopics, children, cannedResponses];
  const ids = new Set(all.flatMap((counts) => [...counts.keys()]));
  return new Map([...ids].map((id) => [id, {
    agents: agents.get(id) ?? 0,
    extendedAgents: extendedAgents.get(id) ?? 0,
    tickets: tickets.get(id) ?? 0,
    helpTopics: helpTopics.get(id) ?? 0,
    children: children.get(id) ?? 0,
    cannedResponses: cannedResponses.get(id) ?? 0,
  }]));
}

/** "3 agents, 1 agent with extended access and 12 tickets", or null when nothing points at it. */
export function describeUsage(usage: DepartmentUsage): string | null {
  const parts = [
    count(usage.agents, 'agent', 'agents'),
    count(usage.extendedAgents, 'agent with extended access', 'agents with extended access'),
    count(usage.tickets, 'ticket', 'tickets'),
    count(usage.helpTopics, 'help topic', 'help topics'),
    count(usage.children, 'sub-department', 'sub-departments'),
    count(usage.cannedResponses, 'canned response', 'canned responses'),
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function count(n: number, singular: string, plural: string): string | null {
  return n === 0 ? null : `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
