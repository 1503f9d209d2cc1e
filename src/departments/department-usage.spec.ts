import { describeUsage, NO_USAGE } from './department-usage';

describe('describeUsage', () => {
  it('names each kind of row that still points at the department, in one sentence', () => {
    expect(describeUsage({ ...NO_USAGE, cannedResponses: 1 })).toBe('1 canned response');
    expect(describeUsage({ ...NO_USAGE, agents: 1, tickets: 1200, cannedResponses: 2 })).toBe('1 agent, 1,200 tickets and 2 canned responses');
  });

  it('is null when nothing does', () => {
    expect(describeUsage(NO_USAGE)).toBeNull();
  });
});
