import { AgentScope, canSeeTicket, hasTicketPermission, portalCanSeeTicket } from './ticket-access';

const scope = (over: Partial<AgentScope> = {}): AgentScope => ({
  staffId: 10, name: 'John', isAdmin: false, primaryDepartmentId: 1, departmentIds: [1, 2], teamIds: [5],
  permissionsByDepartment: { 1: ['ticket.reply', 'ticket.assign'], 2: [] }, ...over,
});

describe('ticket access', () => {
  it.each([
    ['own department', { departmentId: 1, staffId: null, teamId: null }, true],
    ['extended department', { departmentId: 2, staffId: null, teamId: null }, true],
    ['other department', { departmentId: 3, staffId: null, teamId: null }, false],
    ['assigned to them elsewhere', { departmentId: 3, staffId: 10, teamId: null }, true],
    ['assigned to someone else elsewhere', { departmentId: 3, staffId: 11, teamId: null }, false],
    ['assigned to their team elsewhere', { departmentId: 3, staffId: null, teamId: 5 }, true],
    ['assigned to another team elsewhere', { departmentId: 3, staffId: null, teamId: 6 }, false],
  ])('%s -> %s', (_label, ticket, expected) => {
    expect(canSeeTicket(scope(), ticket)).toBe(expected);
  });

  it('lets admins see every ticket', () => {
    expect(canSeeTicket(scope({ isAdmin: true, departmentIds: [] }), { departmentId: 9, staffId: null, teamId: null })).toBe(true);
  });

  it('uses the role held in the ticket department', () => {
    expect(hasTicketPermission(scope(), { departmentId: 1, staffId: null, teamId: null }, 'ticket.reply')).toBe(true);
    expect(hasTicketPermission(scope(), { departmentId: 2, staffId: null, teamId: null }, 'ticket.reply')).toBe(false);
  });

  it('falls back to the primary role on an assigned ticket outside their departments', () => {
    expect(hasTicketPermission(scope(), { departmentId: 3, staffId: 10, teamId: null }, 'ticket.reply')).toBe(true);
  });

  it('never grants a permission on a ticket the agent cannot see', () => {
    expect(hasTicketPermission(scope(), { departmentId: 3, staffId: null, teamId: null }, 'ticket.reply')).toBe(false);
  });
});

describe('portal access', () => {
  const access = { userId: 7, ticketIds: [1, 2] };
  it.each([
    ['their proven ticket', { id: 1, userId: 7 }, true],
    ['a ticket not proven in this session', { id: 3, userId: 7 }, false],
    ['a proven id that now belongs to someone else', { id: 2, userId: 8 }, false],
  ])('%s -> %s', (_label, ticket, expected) => {
    expect(portalCanSeeTicket(access, ticket)).toBe(expected);
  });
  it('refuses visitors with no access', () => {
    expect(portalCanSeeTicket(undefined, { id: 1, userId: 7 })).toBe(false);
  });
  it('lets a guest collaborator see the proven ticket, never an unproven one', () => {
    expect(portalCanSeeTicket(access, { id: 2, userId: 8, isCollaborator: true })).toBe(true);
    expect(portalCanSeeTicket(access, { id: 3, userId: 8, isCollaborator: true })).toBe(false);
    expect(portalCanSeeTicket(access, { id: 2, userId: 8, sharedByOrganization: true })).toBe(false);
  });
  it.each([
    ['their own ticket', { id: 9, userId: 7 }, true],
    ['a ticket they collaborate on', { id: 9, userId: 8, isCollaborator: true }, true],
    ["a member's ticket when the organization shares", { id: 9, userId: 8, sharedByOrganization: true }, true],
    ["someone else's ticket", { id: 9, userId: 8 }, false],
  ])('a signed-in account sees %s -> %s', (_label, ticket, expected) => {
    expect(portalCanSeeTicket({ userId: 7, ticketIds: [], account: true }, ticket)).toBe(expected);
  });
});
