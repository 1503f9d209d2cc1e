import type { AgentScope } from '../tickets/ticket-access';

/**
 * Who sees the satisfaction report, and over which departments: admins over all of them; agents whose
 * role in a department has 'reports.satisfaction', over those departments only (a hard boundary).
 * Null: no report for this agent (a 404).
 */
export function reportDepartments(scope: AgentScope): number[] | 'all' | null {
  if (scope.isAdmin) return 'all';
  const ids = Object.entries(scope.permissionsByDepartment)
    .filter(([, permissions]) => permissions.includes('reports.satisfaction'))
    .map(([id]) => Number(id))
    .filter((id) => scope.departmentIds.includes(id));
  return ids.length > 0 ? ids.sort((a, b) => a - b) : null;
}
