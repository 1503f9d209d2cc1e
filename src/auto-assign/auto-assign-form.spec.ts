import { MODE_MESSAGE, parseAutoAssignForm, SCHEDULE_MESSAGE } from './auto-assign-form';

describe('parseAutoAssignForm', () => {
  it('reads modes and schedules by row, ignoring other fields', () => {
    const result = parseAutoAssignForm({ _csrf: 'x', department_1: 'round_robin', team_2: 'fewest_open', agent_3: '1', agent_4: '', other: 'y' });
    expect(result).toEqual({
      ok: true,
      value: {
        departments: new Map([[1, 'round_robin']]),
        teams: new Map([[2, 'fewest_open']]),
        agentSchedules: new Map([[3, 1], [4, null]]),
      },
    });
  });

  it('refuses unknown modes, bad schedule ids and repeated fields, naming each field', () => {
    const result = parseAutoAssignForm({ department_1: 'random', team_1: ['off', 'round_robin'], agent_2: 'abc', agent_3: '0', department_2: 'off' });
    expect(result).toEqual({
      ok: false,
      errors: { department_1: MODE_MESSAGE, team_1: MODE_MESSAGE, agent_2: SCHEDULE_MESSAGE, agent_3: SCHEDULE_MESSAGE },
    });
  });

  it('takes no body as no change', () => {
    expect(parseAutoAssignForm(undefined)).toEqual({ ok: true, value: { departments: new Map(), teams: new Map(), agentSchedules: new Map() } });
  });
});
