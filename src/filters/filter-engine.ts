/**
 * The intake filter engine: given the admin's rules and what a new ticket looks like on arrival, decides
 * what intake should do (reject it, route it, assign it, add CCs, ...). Pure and deterministic so the
 * intake service, the admin's "test this filter" preview and the unit tables all get the same answer.
 * It never throws on a stored rule: a condition it cannot evaluate simply does not match.
 */
import {
  ACTION_SPECS,
  customFieldName,
  describeAction,
  FilterAction,
  FilterCondition,
  FilterField,
  FilterOperator,
  FilterRule,
} from './filter-rules';
import { compileSafeRegex, testSafeRegex } from './safe-regex';

export type {
  FilterAction,
  FilterActionType,
  FilterCondition,
  FilterField,
  FilterOperator,
  FilterRule,
} from './filter-rules';
export { validateRule, describeAction } from './filter-rules';

export interface IntakeSample {
  email: string;
  name: string;
  subject: string;
  body: string;
  /** The help topic's full name ("Report a Problem / Access Issue"), or null when none was chosen. */
  helpTopic: string | null;
  source: 'web' | 'email' | 'phone' | 'api' | 'other';
  fields: Record<string, string>;
}

export interface MatchedRule {
  ruleId: number;
  ruleName: string;
  /** Human sentences, one per applied action: "set priority to #3". */
  actions: string[];
  /** The same actions, structured, for callers that map ids to names. */
  applied: FilterAction[];
}

export interface FilterOutcome {
  rejected: boolean;
  departmentId?: number;
  priorityId?: number;
  slaPlanId?: number;
  helpTopicId?: number;
  statusId?: number;
  assignStaffId?: number;
  assignTeamId?: number;
  cannedResponseIds: number[];
  suppressAutoresponse: boolean;
  collaborators: string[];
  matched: MatchedRule[];
}

/** Single-valued actions: which property of the action lands in which property of the outcome. */
const SETTINGS = {
  set_department: ['departmentId', 'departmentId'],
  set_priority: ['priorityId', 'priorityId'],
  set_sla_plan: ['slaPlanId', 'slaPlanId'],
  set_help_topic: ['helpTopicId', 'helpTopicId'],
  set_status: ['statusId', 'statusId'],
  assign_agent: ['staffId', 'assignStaffId'],
  assign_team: ['teamId', 'assignTeamId'],
} as const;

type Comparator = (subject: string, value: string) => boolean;

/** Plain operators compare normalized text (trimmed, lower-cased); `matches` is handled apart. */
const COMPARATORS: Record<Exclude<FilterOperator, 'matches'>, Comparator> = {
  equals: (s, v) => s === v,
  not_equals: (s, v) => s !== v,
  contains: (s, v) => s.includes(v),
  not_contains: (s, v) => !s.includes(v),
  starts_with: (s, v) => s.startsWith(v),
  ends_with: (s, v) => s.endsWith(v),
};

/**
 * Runs the active rules in `order` (ties by id) against a sample. Later matching rules override earlier
 * single-valued settings; `stop_processing` ends the run after its rule, `reject` ends it at once;
 * canned replies and collaborators accumulate without duplicates.
 */
export function applyFilters(rules: FilterRule[], sample: IntakeSample): FilterOutcome {
  const outcome: FilterOutcome = {
    rejected: false,
    cannedResponseIds: [],
    suppressAutoresponse: false,
    collaborators: [],
    matched: [],
  };
  const regexes = new Map<string, RegExp | null>();
  const ordered = rules.filter((r) => r.isActive).sort((a, b) => a.order - b.order || a.id - b.id);

  for (const rule of ordered) {
    if (!ruleMatches(rule, sample, regexes)) continue;
    const applied: FilterAction[] = [];
    let stop = false;
    for (const action of rule.actions) {
      // CASE: an action type this version does not know (a newer or hand-edited row) is skipped, not fatal.
      if (!Object.hasOwn(ACTION_SPECS, action?.type)) continue;
      applied.push(action);
      // CASE: reject ends intake on the spot; actions listed after it (validation forbids them) never run.
      if (action.type === 'reject') {
        outcome.rejected = true;
        break;
      }
      if (action.type === 'stop_processing') stop = true;
      else applyAction(outcome, action, sample);
    }
    outcome.matched.push({ ruleId: rule.id, ruleName: rule.name, actions: applied.map(describeAction), applied });
    // CASE: settings made before a reject stay in the outcome, so a preview shows everything that matched.
    if (outcome.rejected || stop) break;
  }
  return outcome;
}

type EffectAction = Exclude<FilterAction, { type: 'reject' | 'stop_processing' }>;

function applyAction(outcome: FilterOutcome, action: EffectAction, sample: IntakeSample): void {
  switch (action.type) {
    case 'send_canned_reply':
      if (!outcome.cannedResponseIds.includes(action.cannedResponseId)) {
        outcome.cannedResponseIds.push(action.cannedResponseId);
      }
      return;
    case 'suppress_autoresponse':
      outcome.suppressAutoresponse = true;
      return;
    case 'add_collaborator': {
      const email = typeof action.email === 'string' ? action.email.trim() : '';
      const key = email.toLowerCase();
      // CASE: the sender owns the ticket already; copying them on their own ticket would double every mail.
      if (!email || key === normalize(sample.email)) return;
      if (!outcome.collaborators.some((c) => c.toLowerCase() === key)) outcome.collaborators.push(email);
      return;
    }
    default: {
      const [from, to] = SETTINGS[action.type];
      // The table pairs each type with its own id property; TypeScript cannot correlate the union.
      outcome[to] = (action as unknown as Record<string, number>)[from];
    }
  }
}

function ruleMatches(rule: FilterRule, sample: IntakeSample, regexes: Map<string, RegExp | null>): boolean {
  // CASE: a rule without conditions never matches; otherwise it would catch every ticket.
  if (rule.conditions.length === 0) return false;
  const test = (c: FilterCondition) => conditionMatches(c, sample, regexes);
  return rule.match === 'any' ? rule.conditions.some(test) : rule.conditions.every(test);
}

function conditionMatches(condition: FilterCondition, sample: IntakeSample, regexes: Map<string, RegExp | null>): boolean {
  const value = normalize(condition.value);
  // CASE: a blank value (only possible in rows that skipped validation) would make `contains` match
  // everything and `not_equals` nearly everything, so it matches nothing instead.
  if (!value) return false;
  const subject = fieldValue(condition.field, sample);
  if (subject === undefined) return false;
  if (condition.operator === 'matches') {
    const pattern = condition.value.trim();
    if (!regexes.has(pattern)) {
      const compiled = compileSafeRegex(pattern);
      regexes.set(pattern, compiled.ok ? compiled.regex : null);
    }
    // CASE: a stored pattern that is unsafe or broken matches nothing rather than stalling intake.
    const regex = regexes.get(pattern);
    return regex ? testSafeRegex(regex, subject.trim()) : false;
  }
  return Object.hasOwn(COMPARATORS, condition.operator)
    ? COMPARATORS[condition.operator as keyof typeof COMPARATORS](normalize(subject), value)
    : false;
}

/**
 * The text a condition looks at, or undefined for a field the engine does not know.
 * CASE: a custom field the sample lacks counts as "" (so `not_equals`/`not_contains` match it and
 * the positive operators do not); a missing help topic is "" in the same way.
 */
export function fieldValue(field: FilterField, sample: IntakeSample): string | undefined {
  switch (field) {
    case 'email':
    case 'name':
    case 'subject':
    case 'body':
    case 'source':
      return sample[field] ?? '';
    case 'domain': {
      // CASE: the domain follows the last @, so a quoted local part such as "a@b"@example.com still works.
      const email = (sample.email ?? '').trim();
      const at = email.lastIndexOf('@');
      return at < 0 ? '' : email.slice(at + 1);
    }
    case 'helpTopic':
      return sample.helpTopic ?? '';
  }
  const name = customFieldName(field);
  if (name === null) return undefined;
  // Own string properties only: a field named `constructor` must not find Object's.
  const value = sample.fields && Object.hasOwn(sample.fields, name) ? sample.fields[name] : '';
  return typeof value === 'string' ? value : '';
}

function normalize(text: string): string {
  return (text ?? '').trim().toLowerCase();
}
