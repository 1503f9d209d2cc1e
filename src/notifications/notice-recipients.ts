import { EntityManager, In } from 'typeorm';
import { TicketCollaborator } from '../filters/filters.entities';
import { alertRecipients } from '../jobs/alert-recipients';
import { Staff } from '../staff/staff.entity';
import { TeamMember } from '../teams/team-member.entity';
import { Ticket } from '../tickets/ticket.entity';
import { User } from '../users/user.entity';
import { MailRecipient } from './ticket-mailer.service';

/** The ticket's end user, then its collaborators (CC), each once. */
export async function userRecipients(manager: EntityManager, ticket: Ticket): Promise<MailRecipient[]> {
  const collaborators = await manager.find(TicketCollaborator, { where: { ticketId: ticket.id }, order: { userId: 'ASC' } });
  const users = collaborators.length > 0 ? await manager.findBy(User, { id: In(collaborators.map((c) => c.userId)) }) : [];
  const all = [ticket.user, ...users];
  const seen = new Set<string>();
  return all.filter((u) => !seen.has(u.email.toLowerCase()) && seen.add(u.email.toLowerCase())).map((u) => ({ userId: u.id, email: u.email, name: u.name }));
}

/** Who hears of activity on a ticket: its assignee, else its team, else its department (see alertRecipients). */
export async function ticketAgents(manager: EntityManager, ticket: Ticket): Promise<MailRecipient[]> {
  return (await alertRecipients(manager, ticket)).map((r) => ({ staffId: r.staffId, email: r.email, name: r.name }));
}

/** A department's reachable agents and its manager. */
export async function departmentAgents(manager: EntityManager, departmentId: number): Promise<MailRecipient[]> {
  return ticketAgents(manager, { staffId: null, teamId: null, departmentId } as Ticket);
}

/** The agent a ticket was just assigned to, or the members of the team. Active agents only. */
export async function assignedAgents(manager: EntityManager, staffId: number | null, teamId: number | null): Promise<MailRecipient[]> {
  const staff: Staff[] = [];
  if (staffId !== null) staff.push(...(await manager.findBy(Staff, { id: staffId, isActive: true })));
  if (teamId !== null) {
    const members = await manager.findBy(TeamMember, { teamId });
    if (members.length > 0) staff.push(...(await manager.findBy(Staff, { id: In(members.map((m) => m.staffId)), isActive: true, onVacation: false })));
  }
  const seen = new Set<number>();
  return staff.filter((s) => !seen.has(s.id) && seen.add(s.id)).map((s) => ({ staffId: s.id, email: s.email, name: s.name }));
}
