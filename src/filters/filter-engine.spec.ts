import { applyFilters, FilterAction, FilterCondition, FilterField, FilterOperator, FilterRule, IntakeSample } from './filter-engine';

const SAMPLE: IntakeSample = Object.freeze({
  email: ' Karen.Smith@Mail.Example.COM ',
  name: 'Karen Smith',
  subject: '  URGENT: Mobile banking is down ',
  body: 'The app shows error 503 since this morning.\nPlease help.',
  helpTopic: 'Report a Problem / Access Issue',
  source: 'email',
  fields: { order_no: 'AB-123456' },
});

let nextId = 1;
const rule = (conditions: FilterCondition[], actions: FilterAction[], extra: Partial<FilterRule> = {}): FilterRule => ({
  id: nextId++,
  name: `rule ${nextId}`,
  order: 0,
  isActive: true,
  match: 'all',
  conditions,
  actions,
  ...extra,
});
const when = (field: FilterField, operator: FilterOperator, value: string): FilterCondition => ({ field, operator, value });
const ALWAYS = when('source', 'equals', 'email');
const NEVER = when('source', 'equals', 'phone');
const priority = (priorityId: number): FilterAction => ({ type: 'set_priority', priorityId });
const canned = (cannedResponseId: number): FilterAction => ({ type: 'send_canned_reply', cannedResponseId });
const collab = (email: string): FilterAction => ({ type: 'add_collaborator', email });
const EMPTY = { rejected: false, cannedResponseIds: [], suppressAutoresponse: false, collaborators: [], matched: [] };

/** Whether a single condition matches the sample, through a one-rule run. */
const matches = (condition: FilterCondition, sample: IntakeSample = SAMPLE) =>
  applyFilters([rule([condition], [{ type: 'suppress_autoresponse' }])], sample).matched.length === 1;

// --- Every operator on every field kind -----------------------------------------------------------

/**
 * Per field, texts that equal, start, contain and end its value (the sample's casing and padding
 * differ on purpose), one it lacks, then a pattern that matches and one that does not.
 */
type FieldTexts = [FilterField, string, string, string, string, string, string, string];
const FIELD_TEXTS: FieldTexts[] = [
  ['email', 'karen.smith@mail.example.com', 'KAREN.', 'smith@', '.Com', 'john@', '^karen\\.\\w+@', '@example\\.org$'],
  ['domain', 'MAIL.example.com', 'mail.', 'example', 'example.com', 'example.org', '^mail\\.', '^example'],
  ['name', 'karen smith', 'Karen', 'en sm', 'SMITH', 'John', '^karen\\s+smith$', '^smith'],
  ['subject', 'urgent: mobile banking is down', 'Urgent:', 'banking', 'is down', 'refund', '^urgent\\b', '^down'],
  ['body', 'the app shows error 503 since this morning.\nplease help.', 'the app', 'error 503', 'HELP.', 'error 404', 'error \\d{3}', '^please'],
  ['helpTopic', 'report a problem / access issue', 'Report a Problem', 'problem / access', 'Access Issue', 'Feedback', '/ access', '^access'],
  ['source', 'EMAIL', 'em', 'mai', 'ail', 'web', '^e', '^(web|api)$'],
  ['field:order_no', 'ab-123456', 'AB-', '-123', '456', 'CD-', '^ab-\\d{6}$', '^\\d'],
];

const OPERATOR_ROWS = FIELD_TEXTS.flatMap(([field, exact, prefix, middle, suffix, absent, re, reNo]) =>
  (
    [
      ['equals', exact, true], ['equals', prefix, false],
      ['not_equals', absent, true], ['not_equals', `  ${exact.toUpperCase()} `, false],
      ['contains', middle, true], ['contains', absent, false],
      ['not_contains', absent, true], ['not_contains', middle, false],
      ['starts_with', prefix, true], ['starts_with', suffix, false],
      ['ends_with', suffix, true], ['ends_with', prefix, false],
      ['matches', re, true], ['matches', reNo, false],
    ] as [FilterOperator, string, boolean][]
  ).map(([op, value, expected]) => [field, op, value, expected] as const),
);

describe('conditions: every operator on every field', () => {
  it.each(OPERATOR_ROWS)('%s %s %j -> %s', (field, operator, value, expected) => {
    expect(matches(when(field, operator, value))).toBe(expected);
  });
});

describe('conditions: edge cases', () => {
  const noTopic = { ...SAMPLE, helpTopic: null };
  const noCustom = { ...SAMPLE, fields: {} };
  it.each<[string, FilterCondition, IntakeSample, boolean]>([
    // CASE: a missing custom field counts as "": negative operators match, positive ones do not.
    ['missing custom field, not_equals', when('field:po', 'not_equals', 'x'), noCustom, true],
    ['missing custom field, not_contains', when('field:po', 'not_contains', 'x'), noCustom, true],
    ['missing custom field, equals', when('field:po', 'equals', 'x'), noCustom, false],
    ['missing custom field, contains', when('field:po', 'contains', 'x'), noCustom, false],
    ['missing custom field, matches', when('field:po', 'matches', '.?'), noCustom, true],
    ['no help topic, not_equals', when('helpTopic', 'not_equals', 'Feedback'), noTopic, true],
    ['no help topic, starts_with', when('helpTopic', 'starts_with', 'Report'), noTopic, false],
    ['domain after the last @', when('domain', 'equals', 'example.com'), { ...SAMPLE, email: '"a@b"@Example.com' }, true],
    ['no @ means no domain', when('domain', 'not_equals', 'x'), { ...SAMPLE, email: 'karen' }, true],
    ['no @ means no domain (contains)', when('domain', 'contains', 'karen'), { ...SAMPLE, email: 'karen' }, false],
    ['custom field values are trimmed too', when('field:po', 'equals', 'po-1'), { ...SAMPLE, fields: { po: '  PO-1\n' } }, true],
    ['custom field named like an Object member', when('field:constructor', 'not_equals', 'x'), noCustom, true],
    ['custom field named __proto__', when('field:__proto__', 'equals', 'x'), noCustom, false],
    ['malformed custom field never matches', when('field:Bad Name' as FilterField, 'not_equals', 'x'), SAMPLE, false],
    ['unknown field never matches', when('ip' as FilterField, 'not_equals', 'x'), SAMPLE, false],
    ['unknown operator never matches', when('subject', 'like' as FilterOperator, 'urgent'), SAMPLE, false],
    ['operator named like an Object member', when('subject', 'constructor' as FilterOperator, 'urgent'), SAMPLE, false],
    // CASE: a blank value (a row that skipped validation) must not turn into a catch-all.
    ['blank value with contains', when('subject', 'contains', '  '), SAMPLE, false],
    ['blank value with not_equals', when('subject', 'not_equals', ''), SAMPLE, false],
    ['stored unsafe regex matches nothing', when('subject', 'matches', '(a+)+$'), { ...SAMPLE, subject: 'a'.repeat(40) + '!' }, false],
    ['stored broken regex matches nothing', when('subject', 'matches', '(urgent'), SAMPLE, false],
    ['regex pattern is trimmed like other values', when('subject', 'matches', ' ^urgent '), SAMPLE, true],
    ['regex sees only the first 10,000 characters', when('body', 'matches', 'needle'), { ...SAMPLE, body: 'x'.repeat(10_000) + 'needle' }, false],
    ['plain operators see the whole value', when('body', 'contains', 'needle'), { ...SAMPLE, body: 'x'.repeat(10_000) + 'needle' }, true],
  ])('%s', (_label, condition, sample, expected) => {
    expect(matches(condition, sample)).toBe(expected);
  });
});

describe('rules: all / any', () => {
  it.each<['all' | 'any', FilterCondition[], boolean]>([
    ['all', [ALWAYS, ALWAYS], true],
    ['all', [ALWAYS, NEVER], false],
    ['any', [NEVER, ALWAYS], true],
    ['any', [NEVER, NEVER], false],
    ['all', [], false], // CASE: no conditions never matches, in either mode
    ['any', [], false],
  ])('match %s of %j -> %s', (match, conditions, expected) => {
    expect(applyFilters([rule(conditions, [priority(1)], { match })], SAMPLE).matched.length).toBe(expected ? 1 : 0);
  });
});

describe('rules: ordering, overrides, stopping', () => {
  it('runs rules by order, then id, whatever the input order; later single values win', () => {
    const a = rule([ALWAYS], [priority(1), { type: 'set_department', departmentId: 1 }], { id: 10, order: 2 });
    const b = rule([ALWAYS], [priority(2)], { id: 20, order: 1 });
    const c = rule([ALWAYS], [priority(3), { type: 'assign_team', teamId: 5 }], { id: 5, order: 2 });
    const outcome = applyFilters([a, b, c], SAMPLE);
    expect(outcome.matched.map((m) => m.ruleId)).toEqual([20, 5, 10]);
    expect(outcome).toMatchObject({ priorityId: 1, departmentId: 1, assignTeamId: 5 });
  });

  it('skips inactive and non-matching rules', () => {
    const outcome = applyFilters(
      [rule([ALWAYS], [priority(1)], { isActive: false }), rule([NEVER], [priority(2)]), rule([ALWAYS], [{ type: 'set_status', statusId: 3 }])],
      SAMPLE,
    );
    expect(outcome.priorityId).toBeUndefined();
    expect(outcome.statusId).toBe(3);
  });

  it('stop_processing keeps its own rule\'s settings and ends the run', () => {
    const outcome = applyFilters(
      [
        rule([ALWAYS], [{ type: 'stop_processing' }, priority(1)], { order: 1 }),
        rule([ALWAYS], [priority(4), { type: 'assign_agent', staffId: 7 }], { order: 2 }),
      ],
      SAMPLE,
    );
    expect(outcome.priorityId).toBe(1);
    expect(outcome.assignStaffId).toBeUndefined();
    expect(outcome.matched).toHaveLength(1);
  });

  it('stop_processing in a rule that does not match changes nothing', () => {
    const outcome = applyFilters(
      [rule([NEVER], [{ type: 'stop_processing' }], { order: 1 }), rule([ALWAYS], [priority(4)], { order: 2 })],
      SAMPLE,
    );
    expect(outcome.priorityId).toBe(4);
  });

  it('reject marks the outcome rejected and stops everything, even its own later actions', () => {
    const outcome = applyFilters(
      [
        rule([ALWAYS], [{ type: 'set_department', departmentId: 2 }], { order: 1, name: 'route' }),
        rule([when('domain', 'ends_with', 'example.com')], [{ type: 'reject' }, priority(9)], { order: 2, name: 'spam' }),
        rule([ALWAYS], [priority(4)], { order: 3 }),
      ],
      SAMPLE,
    );
    expect(outcome.rejected).toBe(true);
    expect(outcome.priorityId).toBeUndefined();
    expect(outcome.departmentId).toBe(2); // CASE: kept, so a preview shows what matched before the reject
    expect(outcome.matched.map((m) => [m.ruleName, m.actions])).toEqual([
      ['route', ['set department to #2']],
      ['spam', ['reject the ticket']],
    ]);
  });
});

describe('outcome: accumulation and reporting', () => {
  it('starts empty when nothing matches', () => {
    expect(applyFilters([], SAMPLE)).toEqual(EMPTY);
    expect(applyFilters([rule([NEVER], [{ type: 'reject' }])], SAMPLE)).toEqual(EMPTY);
  });

  it('accumulates canned replies and collaborators across rules, deduplicated, first spelling kept', () => {
    const outcome = applyFilters(
      [
        rule([ALWAYS], [canned(3), collab(' Boss@Example.com ')], { order: 1 }),
        rule([ALWAYS], [canned(1), canned(3), collab('boss@example.COM'), collab('ops@example.com')], { order: 2 }),
      ],
      SAMPLE,
    );
    expect(outcome.cannedResponseIds).toEqual([3, 1]);
    expect(outcome.collaborators).toEqual(['Boss@Example.com', 'ops@example.com']);
  });

  it('never copies the sender on their own ticket', () => {
    const outcome = applyFilters([rule([ALWAYS], [collab('KAREN.SMITH@mail.example.com')])], SAMPLE);
    expect(outcome.collaborators).toEqual([]);
  });

  it('sets every single-valued property and records each rule with its actions, in order', () => {
    const actions: FilterAction[] = [
      { type: 'set_department', departmentId: 1 }, { type: 'set_priority', priorityId: 2 }, { type: 'set_sla_plan', slaPlanId: 3 },
      { type: 'set_help_topic', helpTopicId: 4 }, { type: 'set_status', statusId: 5 }, { type: 'assign_agent', staffId: 6 },
      { type: 'assign_team', teamId: 7 }, { type: 'suppress_autoresponse' }, { type: 'stop_processing' },
    ];
    const outcome = applyFilters([rule([ALWAYS], actions, { id: 42, name: 'VIP' })], SAMPLE);
    expect(outcome).toEqual({
      rejected: false,
      departmentId: 1,
      priorityId: 2,
      slaPlanId: 3,
      helpTopicId: 4,
      statusId: 5,
      assignStaffId: 6,
      assignTeamId: 7,
      cannedResponseIds: [],
      suppressAutoresponse: true,
      collaborators: [],
      matched: [
        {
          ruleId: 42,
          ruleName: 'VIP',
          applied: actions,
          actions: [
            'set department to #1', 'set priority to #2', 'set SLA plan to #3', 'set help topic to #4', 'set status to #5',
            'assign to agent #6', 'assign to team #7', 'suppress the autoresponse', 'stop processing further filters',
          ],
        },
      ],
    });
  });

  it('skips a stored action of an unknown type, ignores one without its email, and applies the rest', () => {
    const actions = [{ type: 'delete_ticket' } as unknown as FilterAction, { type: 'add_collaborator' } as FilterAction, priority(2)];
    const outcome = applyFilters([rule([ALWAYS], actions)], SAMPLE);
    expect(outcome.priorityId).toBe(2);
    expect(outcome.collaborators).toEqual([]);
    expect(outcome.matched[0].actions).toEqual(['add collaborator', 'set priority to #2']);
  });

  it('does not mutate the rules it is given', () => {
    const rules = Object.freeze([rule([ALWAYS], [priority(1)], { order: 2 }), rule([ALWAYS], [priority(2)], { order: 1 })]);
    const before = JSON.stringify(rules);
    applyFilters(rules as FilterRule[], SAMPLE);
    expect(JSON.stringify(rules)).toBe(before);
  });
});
