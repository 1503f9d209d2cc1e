import { Permission } from '../staff/permissions';

/**
 * What an agent may reach, loaded once per request: their departments (primary and extended) with the
 * role in each, and their teams. Pure data, so the rules below are easy to test.
 */
export interface AgentScope {
  staffId: number;
  name: string;
  isAdmin: boolean;
  primaryDepartmentId: number;
  departmentIds: number[];
  teamIds: number[];
  permissionsByDepartment: Record<number, Permission[]>;
  /** Set by an admin: every staff page sends the agent to the password form until they choose a new one. */
  mustChangePassword?: boolean;
}

export interface TicketAccessFacts {
  departmentId: number;
  staffId: number | null;
  teamId: number | null;
}

/** An agent sees tickets of their departments and those assigned to them or their teams (DOMAIN.md). */
export function canSeeTicket(scope: AgentScope, ticket: TicketAccessFacts): boolean {
  if (scope.isAdmin) return true;
  return (
    scope.departmentIds.includes(ticket.departmentId) ||
    ticket.staffId === scope.staffId ||
    (ticket.teamId !== null && scope.teamIds.includes(ticket.teamId))
  );
}

/**
 * Whether the agent's role allows `permission` on this ticket. The role is the one they hold in the
 * ticket's department; CASE: on a ticket assigned to them outside their departments, their primary role.
 */
export function hasTicketPermission(scope: AgentScope, ticket: TicketAccessFacts, permission: Permission): boolean {
  if (scope.isAdmin) return true;
  if (!canSeeTicket(scope, ticket)) return false;
  const perms = scope.permissionsByDepartment[ticket.departmentId] ?? scope.permissionsByDepartment[scope.primaryDepartmentId] ?? [];
  return perms.includes(permission);
}

/** What the portal rule needs to know about a ticket and the visitor (loaded by PortalTicketAccess). */
export interface PortalTicketFacts {
  id: number;
  userId: number;
  /** The visitor is a collaborator (CC) of the ticket. */
  isCollaborator?: boolean;
  /** The ticket's owner is in the visitor's organization, and that organization shares tickets ('all'). */
  sharedByOrganization?: boolean;
}

/**
 * The one portal rule (DOMAIN "People and access"). A signed-in account sees its own tickets, those it
 * collaborates on, and its organization's when the organization shares them. A guest sees only the
 * tickets this session proved (email + number, an access link, a ticket just opened), and only while
 * still their owner or a collaborator.
 */
export function portalCanSeeTicket(
  access: { userId: number; ticketIds: number[]; account?: boolean } | undefined,
  ticket: PortalTicketFacts,
): boolean {
  if (!access) return false;
  const participant = ticket.userId === access.userId || ticket.isCollaborator === true;
  if (access.account) return participant || ticket.sharedByOrganization === true;
  return access.ticketIds.includes(ticket.id) && participant;
}
