import { agentStatus, extendedAccessProblem, lastAdminProblem, SELF_LOCKOUT, selfLockoutErrors } from './agent-rules';

const admin = { isAdmin: true, isActive: true, isLocked: false };
const names: Record<number, string> = { 1: 'Support', 2: 'Sales', 3: 'Maintenance' };
const name = (id: number) => names[id];

describe('agentStatus', () => {
  it.each([
    [{ isActive: true, isLocked: false }, 'active'],
    [{ isActive: true, isLocked: true }, 'locked'],
    [{ isActive: false, isLocked: false }, 'disabled'],
    [{ isActive: false, isLocked: true }, 'disabled'],
  ] as const)('%o is %s', (flags, status) => expect(agentStatus(flags)).toBe(status));
});

describe('extendedAccessProblem', () => {
  it('accepts distinct departments other than the primary one', () => {
    expect(extendedAccessProblem(1, [{ departmentId: 2, roleId: 1 }, { departmentId: 3, roleId: 4 }], name)).toBeNull();
    expect(extendedAccessProblem(1, [], name)).toBeNull();
  });

  it('refuses a row with only one half', () => {
    expect(extendedAccessProblem(1, [{ departmentId: 2, roleId: null }], name)).toBe('Choose both a department and a role on each extended access row.');
    expect(extendedAccessProblem(1, [{ departmentId: null, roleId: 3 }], name)).toBe('Choose both a department and a role on each extended access row.');
  });

  it('refuses the primary department and a department listed twice', () => {
    expect(extendedAccessProblem(1, [{ departmentId: 1, roleId: 2 }], name)).toBe('Support is already the primary department; remove it from extended access.');
    expect(extendedAccessProblem(1, [{ departmentId: 2, roleId: 2 }, { departmentId: 2, roleId: 3 }], name)).toBe('Sales is listed twice in extended access.');
  });
});

describe('selfLockoutErrors', () => {
  it('lets an admin change anything on someone else', () => {
    expect(selfLockoutErrors(false, { isAdmin: false, isActive: false, isLocked: true })).toEqual({});
  });

  it('refuses, per field, an admin taking away their own admin flag, active flag or access', () => {
    expect(selfLockoutErrors(true, admin)).toEqual({});
    expect(selfLockoutErrors(true, { isAdmin: false, isActive: false, isLocked: true })).toEqual({ isAdmin: SELF_LOCKOUT, isActive: SELF_LOCKOUT, isLocked: SELF_LOCKOUT });
  });
});

describe('lastAdminProblem', () => {
  const demoted = { ...admin, isAdmin: false };
  it('refuses to demote, lock, disable or delete the last active admin', () => {
    for (const after of [demoted, { ...admin, isLocked: true }, { ...admin, isActive: false }, null]) {
      expect(lastAdminProblem(admin, after, 0)).toMatch(/at least one active admin/);
    }
  });

  it('allows it while another active admin remains, and ignores agents who were not active admins', () => {
    expect(lastAdminProblem(admin, demoted, 1)).toBeNull();
    expect(lastAdminProblem({ ...admin, isLocked: true }, demoted, 0)).toBeNull();
    expect(lastAdminProblem(null, admin, 0)).toBeNull();
    expect(lastAdminProblem(admin, admin, 0)).toBeNull();
  });
});
