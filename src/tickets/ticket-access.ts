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

/** A portal visitor sees a ticket they proved they own (email + number) in this session. */
export function portalCanSeeTicket(access: { userId: number; ticketIds: number[] } | undefined, ticket: { id: number; userId: number }): boolean {
  return !!access && access.ticketIds.includes(ticket.id) && ticket.userId === access.userId;
}
