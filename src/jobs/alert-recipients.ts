import { Brackets, EntityManager } from 'typeorm';
import { Department } from '../departments/department.entity';
import { Staff } from '../staff/staff.entity';
import { StaffDepartmentAccess } from '../staff/staff-department-access.entity';
import { TeamMember } from '../teams/team-member.entity';
import { Team } from '../teams/team.entity';

export interface AlertRecipient {
  staffId: number;
  email: string;
  name: string;
}

/**
 * Who hears about a ticket that needs attention: the assigned agent; else the assigned team's members
 * (its lead when no member can be reached); else the department's agents. The department's manager
 * always, too. Each agent at most once; disabled agents never; agents on vacation only when the ticket is
 * theirs by name (assignee or manager), not as one of a group.
 */
export async function alertRecipients(manager: EntityManager, ticket: { staffId: number | null; teamId: number | null; departmentId: number }): Promise<AlertRecipient[]> {
  const staff = manager.getRepository(Staff);
  let chosen: Staff[] = [];
  if (ticket.staffId !== null) chosen = await staff.findBy({ id: ticket.staffId, isActive: true });
  if (chosen.length === 0 && ticket.teamId !== null) {
    const team = await manager.findOneBy(Team, { id: ticket.teamId, isActive: true });
    if (team) {
      chosen = await staff.createQueryBuilder('s')
        .innerJoin(TeamMember, 'm', 'm.staffId = s.id AND m.teamId = :teamId', { teamId: team.id })
        .where('s.isActive = :yes AND s.onVacation = :no', { yes: true, no: false })
        .orderBy('s.id', 'ASC')
        .getMany();
      if (chosen.length === 0 && team.leadId !== null) chosen = await staff.findBy({ id: team.leadId, isActive: true });
    }
  }
  if (chosen.length === 0) {
    chosen = await staff.createQueryBuilder('s')
      .where('s.isActive = :yes AND s.onVacation = :no', { yes: true, no: false })
      .andWhere(new Brackets((q) => q
        .where('s.departmentId = :departmentId')
        .orWhere(`s.id IN (${manager.createQueryBuilder().select('a.staffId').from(StaffDepartmentAccess, 'a').where('a.departmentId = :departmentId').getQuery()})`)))
      .setParameter('departmentId', ticket.departmentId)
      .orderBy('s.id', 'ASC')
      .getMany();
  }
  const department = await manager.findOneBy(Department, { id: ticket.departmentId });
  if (department?.managerId) chosen.push(...(await staff.findBy({ id: department.managerId, isActive: true })));
  const seen = new Set<number>();
  return chosen
    .filter((s) => !seen.has(s.id) && seen.add(s.id))
    .map((s) => ({ staffId: s.id, email: s.email, name: s.name }));
}

/** "2025-03-03 17:00 UTC": unambiguous in a mail read anywhere. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The staff panel's page of a ticket, for alert mails. */
export const staffTicketUrl = (publicUrl: string, ticketId: number) => `${publicUrl}/scp/tickets/${ticketId}`;

/** Alerts are machine-sent: mail filters and autoresponders must treat them so. */
export const ALERT_HEADERS = { 'Auto-Submitted': 'auto-generated' };

/** The poster name of events the system writes (no agent did it). */
export const SYSTEM_NAME = 'RelayDesk';
export const automationActor = (ruleName: string) => `RelayDesk (automation: ${ruleName})`.slice(0, 128);
