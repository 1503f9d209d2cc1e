import { ScheduleSpec } from '../sla/business-hours';
import { Candidate, chooseAgent, ChooseInput, isAutoAssignMode, isWorkingAt, skipReason } from './choose-agent';

/** Mon-Fri 9:00-17:00 in New York, closed on 2025-07-04 and the afternoon of 2025-12-24. */
const nyOffice: ScheduleSpec = {
  timezone: 'America/New_York',
  weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
  holidays: [
    { name: 'Independence Day', date: '2025-07-04', isYearly: false, startMinute: null, endMinute: null },
    { name: 'Christmas Eve', date: '2025-12-24', isYearly: true, startMinute: 12 * 60, endMinute: 24 * 60 },
  ],
};

// Tuesday 2025-06-10, 10:00 in New York (EDT, UTC-4).
const TUESDAY_10AM = new Date('2025-06-10T14:00:00Z');

const agent = (id: number, name: string, over: Partial<Candidate> = {}): Candidate => ({
  id, name, isActive: true, isLocked: false, onVacation: false, schedule: null, ...over,
});

const john = agent(2, 'John Doe');
const jane = agent(3, 'Jane Roe');
const ann = agent(4, 'Ann Lee');

const input = (over: Partial<ChooseInput>): ChooseInput => ({
  mode: 'round_robin', groupName: 'Support', candidates: [john, jane, ann], lastAssigned: null, openCounts: new Map(), now: TUESDAY_10AM, ...over,
});

describe('chooseAgent: round-robin', () => {
  it('starts with the lowest id when nobody was chosen yet', () => {
    const choice = chooseAgent(input({ candidates: [ann, jane, john] }));
    expect(choice.agent).toEqual({ id: 2, name: 'John Doe' });
    expect(choice.reason).toBe('round-robin in Support: first in turn');
    expect(choice.text).toBe('Assigned to John Doe by auto-assignment: round-robin in Support: first in turn.');
  });

  it('takes the next id after the cursor and wraps around', () => {
    const order: string[] = [];
    let last: { id: number; name: string } | null = null;
    for (let i = 0; i < 5; i++) {
      const choice = chooseAgent(input({ lastAssigned: last }));
      order.push(choice.agent!.name);
      last = choice.agent;
    }
    expect(order).toEqual(['John Doe', 'Jane Roe', 'Ann Lee', 'John Doe', 'Jane Roe']);
    expect(chooseAgent(input({ lastAssigned: { id: 4, name: 'Ann Lee' } })).reason).toBe('round-robin in Support: next after Ann Lee');
  });

  it('goes on from a cursor whose agent has left the group (by id)', () => {
    expect(chooseAgent(input({ candidates: [john, ann], lastAssigned: { id: 3, name: 'Jane Roe' } })).agent?.name).toBe('Ann Lee');
    expect(chooseAgent(input({ candidates: [john, jane], lastAssigned: { id: 9, name: 'Max Moe' } })).agent?.name).toBe('John Doe');
  });

  it('skips disabled, locked, on-vacation and off-hours agents, and says who and why', () => {
    const candidates = [
      john, agent(3, 'Jane Roe', { onVacation: true }), agent(4, 'Ann Lee', { schedule: nyOffice }),
      agent(5, 'Max Moe', { isActive: false }), agent(6, 'Lou Poe', { isLocked: true }),
    ];
    const saturday = new Date('2025-06-14T14:00:00Z');
    const choice = chooseAgent(input({ candidates, lastAssigned: { id: 2, name: 'John Doe' }, now: saturday }));
    expect(choice.agent?.name).toBe('John Doe');
    expect(choice.skipped).toEqual([
      { id: 3, name: 'Jane Roe', why: 'on vacation' },
      { id: 4, name: 'Ann Lee', why: 'outside working hours' },
      { id: 5, name: 'Max Moe', why: 'disabled' },
      { id: 6, name: 'Lou Poe', why: 'locked' },
    ]);
    expect(choice.text).toBe('Assigned to John Doe by auto-assignment: round-robin in Support: next after John Doe; '
      + 'skipped Jane Roe (on vacation), Ann Lee (outside working hours), Max Moe (disabled), Lou Poe (locked).');
  });

  it('takes an agent within their hours', () => {
    const choice = chooseAgent(input({ candidates: [agent(4, 'Ann Lee', { schedule: nyOffice })] }));
    expect(choice.agent?.name).toBe('Ann Lee');
    expect(choice.skipped).toEqual([]);
  });
});

describe('chooseAgent: fewest open tickets', () => {
  it('takes the least loaded agent', () => {
    const choice = chooseAgent(input({ mode: 'fewest_open', openCounts: new Map([[2, 5], [3, 2], [4, 3]]) }));
    expect(choice.agent?.name).toBe('Jane Roe');
    expect(choice.text).toBe('Assigned to Jane Roe by auto-assignment: fewest open tickets in Support (2).');
  });

  it('breaks ties by the lowest id, and counts a missing load as none', () => {
    expect(chooseAgent(input({ mode: 'fewest_open', candidates: [ann, jane, john], openCounts: new Map([[2, 1], [3, 1], [4, 1]]) })).agent?.name).toBe('John Doe');
    const choice = chooseAgent(input({ mode: 'fewest_open', openCounts: new Map([[2, 1], [3, 1]]) }));
    expect(choice.agent?.name).toBe('Ann Lee');
    expect(choice.reason).toBe('fewest open tickets in Support (0)');
  });

  it('never picks a skipped agent, however idle', () => {
    const choice = chooseAgent(input({
      mode: 'fewest_open', candidates: [john, agent(3, 'Jane Roe', { onVacation: true })], openCounts: new Map([[2, 7]]),
    }));
    expect(choice.agent?.name).toBe('John Doe');
    expect(choice.reason).toBe('fewest open tickets in Support (7)');
    expect(choice.skipped).toEqual([{ id: 3, name: 'Jane Roe', why: 'on vacation' }]);
  });
});

describe('chooseAgent: nobody available', () => {
  it('assigns nobody and says why', () => {
    const choice = chooseAgent(input({ candidates: [agent(3, 'Jane Roe', { onVacation: true }), agent(4, 'Ann Lee', { isActive: false })] }));
    expect(choice.agent).toBeNull();
    expect(choice.text).toBe('Not auto-assigned: nobody in Support can take it now; skipped Jane Roe (on vacation), Ann Lee (disabled).');
  });

  it('says so when the group has no agents at all', () => {
    const choice = chooseAgent(input({ mode: 'fewest_open', groupName: 'Level I Support', candidates: [] }));
    expect(choice.agent).toBeNull();
    expect(choice.text).toBe('Not auto-assigned: nobody works in Level I Support.');
  });
});

describe('working hours', () => {
  it('follows the schedule: weekdays, opening and closing, holidays full and partial', () => {
    expect(isWorkingAt(nyOffice, TUESDAY_10AM)).toBe(true);
    expect(isWorkingAt(nyOffice, new Date('2025-06-10T12:59:59Z'))).toBe(false); // 8:59:59
    expect(isWorkingAt(nyOffice, new Date('2025-06-10T13:00:00Z'))).toBe(true); // 9:00 opening
    expect(isWorkingAt(nyOffice, new Date('2025-06-10T21:00:00Z'))).toBe(false); // 17:00 closing
    expect(isWorkingAt(nyOffice, new Date('2025-06-14T14:00:00Z'))).toBe(false); // Saturday
    expect(isWorkingAt(nyOffice, new Date('2025-07-04T14:00:00Z'))).toBe(false); // holiday
    expect(isWorkingAt(nyOffice, new Date('2026-12-24T15:00:00Z'))).toBe(true); // yearly half day: 10:00 EST
    expect(isWorkingAt(nyOffice, new Date('2026-12-24T18:00:00Z'))).toBe(false); // 13:00 EST
    expect(isWorkingAt(null, new Date('2025-06-14T03:00:00Z'))).toBe(true);
  });

  it('ranks reasons: disabled before locked before vacation before hours', () => {
    const all = agent(9, 'Max Moe', { isActive: false, isLocked: true, onVacation: true, schedule: nyOffice });
    expect(skipReason(all, new Date('2025-06-14T14:00:00Z'))).toBe('disabled');
    expect(skipReason({ ...all, isActive: true }, TUESDAY_10AM)).toBe('locked');
    expect(skipReason({ ...all, isActive: true, isLocked: false }, TUESDAY_10AM)).toBe('on vacation');
    expect(skipReason(jane, TUESDAY_10AM)).toBeNull();
  });

  it('knows the modes', () => {
    expect(['off', 'round_robin', 'fewest_open'].every(isAutoAssignMode)).toBe(true);
    expect(isAutoAssignMode('random')).toBe(false);
    expect(isAutoAssignMode(undefined)).toBe(false);
  });
});
