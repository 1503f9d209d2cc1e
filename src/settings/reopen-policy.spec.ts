import { StatusFacts } from '../tickets/ticket-lifecycle';
import { NEW_TICKET_MESSAGE, userReplyOutcome } from './reopen-policy';

const status = (over: Partial<StatusFacts>): StatusFacts => ({ id: 1, name: 'Open', state: 'open', reopenable: false, pausesSla: false, ...over });
const open = status({});
const resolved = status({ id: 4, name: 'Resolved', state: 'closed', reopenable: true });
const final = status({ id: 8, name: 'Closed (final)', state: 'closed', reopenable: false });
const archived = status({ id: 6, name: 'Archived', state: 'archived' });

describe('userReplyOutcome', () => {
  it('reopens a reopenable closed ticket under "reopen"', () => {
    expect(userReplyOutcome(resolved, open, 'reopen')).toMatchObject({ allowed: true, reopened: true, nextStatus: open });
  });

  it('refuses every closed ticket under "new_ticket", with one message', () => {
    expect(userReplyOutcome(resolved, open, 'new_ticket')).toEqual({ allowed: false, code: 'not_reopenable', message: NEW_TICKET_MESSAGE });
    expect(userReplyOutcome(final, open, 'new_ticket')).toEqual({ allowed: false, code: 'not_reopenable', message: NEW_TICKET_MESSAGE });
  });

  it('leaves replies to open tickets alone under either policy', () => {
    for (const policy of ['reopen', 'new_ticket'] as const) {
      expect(userReplyOutcome(open, open, policy)).toMatchObject({ allowed: true, reopened: false, statusChanged: false });
    }
  });

  it("keeps the lifecycle's own refusals", () => {
    expect(userReplyOutcome(final, open, 'reopen')).toMatchObject({ allowed: false, code: 'not_reopenable' });
    expect(userReplyOutcome(archived, open, 'new_ticket')).toMatchObject({ allowed: false, code: 'ticket_archived' });
  });
});
