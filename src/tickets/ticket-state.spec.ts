import { LifecycleOutcome, StatusFacts } from './ticket-lifecycle';
import { statusColumns } from './ticket-state';

type Allowed = Extract<LifecycleOutcome, { allowed: true }>;
const status = (state: StatusFacts['state']): StatusFacts => ({ id: 1, name: state, state, reopenable: true, pausesSla: false });
const close: Allowed = { allowed: true, nextStatus: status('closed'), statusChanged: true, reopened: false, closed: true, isAnswered: 'keep' };
const reopen: Allowed = { allowed: true, nextStatus: status('open'), statusChanged: true, reopened: true, closed: false, isAnswered: 'keep' };
const at = (iso: string) => new Date(iso);

describe('statusColumns: every resolution has its own closing second', () => {
  it('closes at the current time when the last reopening was in an earlier second', () => {
    const now = at('2026-05-01T10:00:05.300Z');
    expect(statusColumns(close, now, { closedAt: null, reopenedAt: at('2026-05-01T10:00:04.900Z') }).closedAt).toEqual(now);
    expect(statusColumns(close, now, null).closedAt).toEqual(now);
  });

  it('moves a close that shares the reopening second to the next whole second', () => {
    const columns = statusColumns(close, at('2026-05-01T10:00:05.800Z'), { closedAt: null, reopenedAt: at('2026-05-01T10:00:05.100Z') });
    expect(columns.closedAt).toEqual(at('2026-05-01T10:00:06.000Z'));
  });

  it('never reopens before the close it undoes, so close, reopen, close in one second gives three distinct seconds', () => {
    const now = at('2026-05-01T10:00:05.200Z');
    const first = statusColumns(close, now, null).closedAt!;
    const reopened = statusColumns(reopen, now, { closedAt: at('2026-05-01T10:00:06.000Z'), reopenedAt: null });
    expect(reopened).toMatchObject({ closedAt: null, reopenedAt: at('2026-05-01T10:00:06.000Z') });
    const second = statusColumns(close, now, { closedAt: null, reopenedAt: reopened.reopenedAt! }).closedAt!;
    expect(second).toEqual(at('2026-05-01T10:00:07.000Z'));
    expect(Math.floor(second.getTime() / 1000)).toBeGreaterThan(Math.floor(first.getTime() / 1000));
  });
});
