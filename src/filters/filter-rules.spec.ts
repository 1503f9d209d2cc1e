import {
  ACTION_SPECS,
  describeAction,
  FilterAction,
  FilterActionType,
  FilterCondition,
  FilterRule,
  isValidEmail,
  validateRule,
} from './filter-rules';

type Draft = Omit<FilterRule, 'id'>;

const cond = (field: string, operator: string, value: string) => ({ field, operator, value }) as FilterCondition;

const draft = (overrides: Partial<Draft> = {}): Draft => ({
  name: 'Escalate urgent mail',
  order: 1,
  isActive: true,
  match: 'all',
  conditions: [cond('subject', 'contains', 'urgent')],
  actions: [{ type: 'set_priority', priorityId: 4 }],
  ...overrides,
});

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** One action of every type, each valid on its own. */
const ONE_OF_EACH: Record<FilterActionType, FilterAction> = {
  reject: { type: 'reject' },
  set_department: { type: 'set_department', departmentId: 1 },
  set_priority: { type: 'set_priority', priorityId: 3 },
  set_sla_plan: { type: 'set_sla_plan', slaPlanId: 1 },
  set_help_topic: { type: 'set_help_topic', helpTopicId: 2 },
  set_status: { type: 'set_status', statusId: 2 },
  assign_agent: { type: 'assign_agent', staffId: 7 },
  assign_team: { type: 'assign_team', teamId: 1 },
  send_canned_reply: { type: 'send_canned_reply', cannedResponseId: 9 },
  suppress_autoresponse: { type: 'suppress_autoresponse' },
  add_collaborator: { type: 'add_collaborator', email: 'boss@example.com' },
  stop_processing: { type: 'stop_processing' },
};

const of = (...types: FilterActionType[]) => types.map((t) => ONE_OF_EACH[t]);
const collab = (email: string): FilterAction => ({ type: 'add_collaborator', email });
const canned = (cannedResponseId: number): FilterAction => ({ type: 'send_canned_reply', cannedResponseId });
const broken = (action: object) => [action as FilterAction];

describe('validateRule: valid rules', () => {
  const fields = ['email', 'domain', 'name', 'subject', 'body', 'helpTopic', 'source', 'field:order_no'];
  const operators = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'matches'];
  it.each([
    ['the minimal rule', draft()],
    ['every field', draft({ conditions: fields.map((f) => cond(f, 'contains', 'x')) })],
    ['every operator', draft({ match: 'any', conditions: operators.map((o) => cond('subject', o, 'x')) })],
    ['every action but reject', draft({ actions: Object.values(ONE_OF_EACH).filter((a) => a.type !== 'reject') })],
    ['reject alone', draft({ actions: of('reject') })],
    ['20 conditions', draft({ conditions: times(20, (i) => cond('body', 'contains', `w${i}`)) })],
    ['20 actions', draft({ actions: times(20, (i) => canned(i + 1)) })],
    ['a 120-character name', draft({ name: 'n'.repeat(120) })],
    ['a 500-character value', draft({ conditions: [cond('body', 'contains', 'v'.repeat(500))] })],
    ['a 64-character custom field name', draft({ conditions: [cond(`field:${'a'.repeat(64)}`, 'equals', 'x')] })],
    ['set_help_topic when no condition tests the topic', draft({ actions: of('set_help_topic') })],
    ['two different collaborators', draft({ actions: [collab('a@example.com'), collab('b@example.com')] })],
  ])('%s', (_label, rule) => {
    expect(validateRule(rule)).toEqual({});
  });
});

const CUSTOM_NAME = 'A custom field name uses a-z, 0-9 and _ (at most 64 characters).';
const REPEATS = 'This action repeats an earlier one.';

describe('validateRule: messages', () => {
  it.each<[string, Partial<Draft>, string, string]>([
    ['name missing', { name: '   ' }, 'name', 'Enter a name.'],
    ['name too long', { name: 'n'.repeat(121) }, 'name', 'Use at most 120 characters.'],
    ['bad match mode', { match: 'some' as 'all' }, 'match', 'Choose whether all or any conditions must match.'],
    ['fractional order', { order: 1.5 }, 'order', 'Enter a whole number.'],
    ['no conditions', { conditions: [] }, 'conditions', 'Add at least one condition.'],
    ['21 conditions', { conditions: times(21, () => cond('body', 'contains', 'x')) }, 'conditions', 'Use at most 20 conditions.'],
    ['no actions', { actions: [] }, 'actions', 'Add at least one action.'],
    ['21 actions', { actions: times(21, (i) => canned(i + 1)) }, 'actions', 'Use at most 20 actions.'],
    ['unknown field', { conditions: [cond('ip', 'equals', 'x')] }, 'conditions.0.field', 'Choose a field.'],
    ['custom field with capitals', { conditions: [cond('field:OrderNo', 'equals', 'x')] }, 'conditions.0.field', CUSTOM_NAME],
    ['custom field without a name', { conditions: [cond('field:', 'equals', 'x')] }, 'conditions.0.field', CUSTOM_NAME],
    ['custom field name of 65 characters', { conditions: [cond(`field:${'a'.repeat(65)}`, 'equals', 'x')] }, 'conditions.0.field', CUSTOM_NAME],
    ['unknown operator', { conditions: [cond('subject', 'like', 'x')] }, 'conditions.0.operator', 'Choose an operator.'],
    [
      'blank value',
      { conditions: [cond('subject', 'contains', 'ok'), cond('subject', 'equals', '  ')] },
      'conditions.1.value',
      'Enter a value.',
    ],
    ['empty value, even for equals', { conditions: [cond('field:po', 'equals', '')] }, 'conditions.0.value', 'Enter a value.'],
    ['value of 501 characters', { conditions: [cond('body', 'contains', 'v'.repeat(501))] }, 'conditions.0.value', 'Use at most 500 characters.'],
    [
      'regex that does not compile',
      { conditions: [cond('subject', 'matches', '(urgent')] },
      'conditions.0.value',
      'This regular expression does not compile: Invalid regular expression: /(urgent/i: Unterminated group',
    ],
    [
      'catastrophic regex',
      { conditions: [cond('subject', 'matches', 'x'), cond('body', 'matches', '(a+)+$')] },
      'conditions.1.value',
      'The repeated group (a+)+ contains another repetition, which can take exponential time on some inputs. ' +
        'Rewrite it without the inner quantifier.',
    ],
    [
      'regex with a backreference',
      { conditions: [cond('subject', 'matches', '(a)\\1')] },
      'conditions.0.value',
      'Backreferences (\\1, \\k<name>) are not supported in filter patterns.',
    ],
    [
      'reject beside other actions',
      { actions: of('reject', 'suppress_autoresponse') },
      'actions',
      'A rule that rejects the ticket cannot take other actions: they would never happen.',
    ],
    [
      'set_help_topic while testing helpTopic',
      { conditions: [cond('helpTopic', 'equals', 'Feedback')], actions: of('set_priority', 'set_help_topic') },
      'actions.1',
      'A rule that tests the help topic cannot also set it: re-running the filters could flip it back and forth.',
    ],
    [
      'the same single-valued action twice, even with another id',
      { actions: [...of('set_priority', 'set_department'), { type: 'set_priority', priorityId: 4 }] },
      'actions.2',
      'Only one action per rule may choose a priority.',
    ],
    ['two agents', { actions: of('assign_agent', 'assign_agent') }, 'actions.1', 'Only one action per rule may choose an agent.'],
    ['two teams', { actions: of('assign_team', 'assign_team') }, 'actions.1', 'Only one action per rule may choose a team.'],
    ['a flag twice', { actions: of('stop_processing', 'stop_processing') }, 'actions.1', REPEATS],
    ['the same collaborator twice, differently cased', { actions: [collab('a@example.com'), collab(' A@Example.com')] }, 'actions.1', REPEATS],
    ['the same canned reply twice', { actions: [canned(3), canned(3)] }, 'actions.1', REPEATS],
    ['invalid collaborator email', { actions: [collab('karen at example')] }, 'actions.0.email', 'Enter a valid email address.'],
    ['missing collaborator email', { actions: broken({ type: 'add_collaborator' }) }, 'actions.0.email', 'Enter a valid email address.'],
    ['unknown action type', { actions: broken({ type: 'delete_ticket' }) }, 'actions.0.type', 'Choose an action.'],
    ['missing id', { actions: broken({ type: 'set_department' }) }, 'actions.0.departmentId', 'Choose a department.'],
    ['zero id', { actions: broken({ type: 'assign_team', teamId: 0 }) }, 'actions.0.teamId', 'Choose a team.'],
    ['fractional id', { actions: broken({ type: 'set_sla_plan', slaPlanId: 1.5 }) }, 'actions.0.slaPlanId', 'Choose an SLA plan.'],
    ['id as a string', { actions: broken({ type: 'send_canned_reply', cannedResponseId: '3' }) }, 'actions.0.cannedResponseId', 'Choose a canned response.'],
  ])('%s', (_label, overrides, path, message) => {
    expect(validateRule(draft(overrides))).toEqual({ [path]: message });
  });

  it('reports every problem at once, the first per path', () => {
    const errors = validateRule(
      draft({ name: '', conditions: [cond('nope', 'like', '')], actions: [{ type: 'reject' }, { type: 'reject' }] }),
    );
    expect(errors).toEqual({
      name: 'Enter a name.',
      'conditions.0.field': 'Choose a field.',
      'conditions.0.operator': 'Choose an operator.',
      'conditions.0.value': 'Enter a value.',
      actions: 'A rule that rejects the ticket cannot take other actions: they would never happen.',
      'actions.1': 'This action repeats an earlier one.',
    });
  });
});

describe('isValidEmail', () => {
  it.each([
    ['karen@example.com', true],
    [' karen.smith+tickets@mail.example.co.uk ', true],
    ['karen@localhost', false],
    ['karen@@example.com', false],
    ['karen @example.com', false],
    ['Karen <karen@example.com>', false],
    ['@example.com', false],
    ['karen@example.', false],
    [`${'k'.repeat(250)}@example.com`, false],
  ])('%s -> %s', (email, valid) => {
    expect(isValidEmail(email)).toBe(valid);
  });
});

describe('describeAction', () => {
  it.each(Object.keys(ACTION_SPECS) as FilterActionType[])('%s has a sentence', (type) => {
    expect(describeAction(ONE_OF_EACH[type])).toBe(
      {
        reject: 'reject the ticket',
        set_department: 'set department to #1',
        set_priority: 'set priority to #3',
        set_sla_plan: 'set SLA plan to #1',
        set_help_topic: 'set help topic to #2',
        set_status: 'set status to #2',
        assign_agent: 'assign to agent #7',
        assign_team: 'assign to team #1',
        send_canned_reply: 'send canned reply #9',
        suppress_autoresponse: 'suppress the autoresponse',
        add_collaborator: 'add collaborator boss@example.com',
        stop_processing: 'stop processing further filters',
      }[type],
    );
  });
});
