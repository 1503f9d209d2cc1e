import type { FormErrors } from '../common/view-models';

/**
 * The rules an admin's changes to an agent must keep: pure, so each one is tested alone. The
 * services load the rows and apply these inside the transaction that writes.
 */

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

export const AGENT_STATUSES = ['active', 'locked', 'disabled'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const SELF_LOCKOUT = 'You cannot lock yourself out.';

interface AgentFlags {
  isAdmin: boolean;
  isActive: boolean;
  isLocked: boolean;
}

/** Disabled wins over locked: a disabled agent stays out whatever the lock says. */
export function agentStatus(agent: Pick<AgentFlags, 'isActive' | 'isLocked'>): AgentStatus {
  if (!agent.isActive) return 'disabled';
  return agent.isLocked ? 'locked' : 'active';
}

/** An admin who can sign in right now. */
export const isActiveAdmin = (agent: AgentFlags): boolean => agent.isAdmin && agent.isActive && !agent.isLocked;

export interface AccessRow {
  departmentId: number | null;
  roleId: number | null;
}

/**
 * Extended access rows, as typed: each needs both halves, names a department once, and never the
 * primary department (which already comes with its own role). Returns the message, or null.
 */
export function extendedAccessProblem(primaryDepartmentId: number | null, rows: AccessRow[], departmentName: (id: number) => string): string | null {
  const seen = new Set<number>();
  for (const row of rows) {
    if (row.departmentId === null || row.roleId === null) return 'Choose both a department and a role on each extended access row.';
    if (row.departmentId === primaryDepartmentId) {
      return `${departmentName(row.departmentId)} is already the primary department; remove it from extended access.`;
    }
    if (seen.has(row.departmentId)) return `${departmentName(row.departmentId)} is listed twice in extended access.`;
    seen.add(row.departmentId);
  }
  return null;
}

/**
 * An admin editing their own account may not take away their own way in: the admin flag, the active
 * flag, or the lock. Field -> message, empty when the change is fine.
 */
export function selfLockoutErrors(isSelf: boolean, after: AgentFlags): FormErrors {
  if (!isSelf) return {};
  const errors: FormErrors = {};
  if (!after.isAdmin) errors.isAdmin = SELF_LOCKOUT;
  if (!after.isActive) errors.isActive = SELF_LOCKOUT;
  if (after.isLocked) errors.isLocked = SELF_LOCKOUT;
  return errors;
}

/**
 * CASE: the help desk must keep at least one admin who can sign in, or nobody could reach the admin
 * panel again. `otherActiveAdmins` counts the active admins besides this agent.
 */
export function lastAdminProblem(before: AgentFlags | null, after: AgentFlags | null, otherActiveAdmins: number): string | null {
  if (!before || !isActiveAdmin(before) || (after && isActiveAdmin(after)) || otherActiveAdmins > 0) return null;
  return 'The help desk needs at least one active admin; make another agent an admin first.';
}
