import type { AgentScope } from '../tickets/ticket-access';

/**
 * Who may add, edit and delete knowledge base categories and articles: admins, and agents whose role in
 * any of their departments has 'kb.manage' (the knowledge base belongs to no department). Every agent
 * may read it, internal categories and drafts included.
 */
export function canManageKb(scope: AgentScope): boolean {
  if (scope.isAdmin) return true;
  return Object.values(scope.permissionsByDepartment).some((permissions) => permissions.includes('kb.manage'));
}
