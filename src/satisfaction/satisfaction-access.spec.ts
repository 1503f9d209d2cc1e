import type { AgentScope } from '../tickets/ticket-access';
import { reportDepartments } from './satisfaction-access';

const scope = (over: Partial<AgentScope>): AgentScope => ({
  staffId: 2, name: 'Jane', isAdmin: false, primaryDepartmentId: 1, departmentIds: [1, 2], teamIds: [], permissionsByDepartment: {}, ...over,
});

describe('reportDepartments', () => {
  it('gives admins every department, agents the departments where their role has the permission, others nothing', () => {
    expect(reportDepartments(scope({ isAdmin: true }))).toBe('all');
    expect(reportDepartments(scope({ permissionsByDepartment: { 2: ['reports.satisfaction'], 1: ['ticket.reply'] } }))).toEqual([2]);
    expect(reportDepartments(scope({ permissionsByDepartment: { 1: ['ticket.reply'] } }))).toBeNull();
  });
});
