import { EntityManager } from 'typeorm';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Ticket } from '../tickets/ticket.entity';
import { SlaPlan } from './sla-plan.entity';

/** What still points at an SLA plan: the reasons it cannot be deleted yet. */
export interface SlaPlanUsage {
  tickets: number;
  helpTopics: number;
  departments: number;
}

export async function slaPlanUsage(manager: EntityManager, id: number): Promise<SlaPlanUsage> {
  const [tickets, helpTopics, departments] = await Promise.all([
    manager.countBy(Ticket, { slaPlanId: id }),
    manager.countBy(HelpTopic, { slaPlanId: id }),
    manager.countBy(Department, { slaPlanId: id }),
  ]);
  return { tickets, helpTopics, departments };
}

/** How many plans count in each schedule. */
export async function plansBySchedule(manager: EntityManager): Promise<Map<number, number>> {
  const rows: { id: number | string; n: number | string }[] = await manager.createQueryBuilder(SlaPlan, 'p')
    .select('p.scheduleId', 'id').addSelect('COUNT(*)', 'n').where('p.scheduleId IS NOT NULL').groupBy('p.scheduleId').getRawMany();
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

/** "3 tickets, 1 help topic and 1 department", or null when nothing uses the plan. */
export function describePlanUsage(usage: SlaPlanUsage): string | null {
  const parts = [
    count(usage.tickets, 'ticket', 'tickets'),
    count(usage.helpTopics, 'help topic', 'help topics'),
    count(usage.departments, 'department', 'departments'),
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function count(n: number, singular: string, plural: string): string | null {
  return n === 0 ? null : `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
