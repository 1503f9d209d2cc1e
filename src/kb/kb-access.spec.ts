import type { AgentScope } from '../tickets/ticket-access';
import { canManageKb } from './kb-access';

const scope = (over: Partial<AgentScope>): AgentScope => ({
  staffId: 2, name: 'Jane', isAdmin: false, primaryDepartmentId: 1, departmentIds: [1, 2], teamIds: [], permissionsByDepartment: { 1: ['ticket.reply'] }, ...over,
});

describe('canManageKb', () => {
  it('lets admins and agents with kb.manage in any department manage the knowledge base', () => {
    expect(canManageKb(scope({ isAdmin: true }))).toBe(true);
    expect(canManageKb(scope({ permissionsByDepartment: { 1: ['ticket.reply'], 2: ['kb.manage'] } }))).toBe(true);
    expect(canManageKb(scope({}))).toBe(false);
  });
});
