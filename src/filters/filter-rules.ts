/**
 * Intake filter rules: the model and its validation. Pure (no Nest, no DB) so the admin form, the API
 * and the engine share one definition of what a well-formed rule is. Validation runs when a rule is
 * saved; the engine still copes with rules that slipped past it (older rows, hand edits).
 */
import { compileSafeRegex } from './safe-regex';

export const FILTER_FIELDS = ['email', 'domain', 'name', 'subject', 'body', 'helpTopic', 'source'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number] | `field:${string}`;

export const FILTER_OPERATORS = [
  'equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'matches',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  field: FilterField;
  operator: FilterOperator;
  value: string;
}

export type FilterAction =
  | { type: 'reject' }
  | { type: 'set_department'; departmentId: number }
  | { type: 'set_priority'; priorityId: number }
  | { type: 'set_sla_plan'; slaPlanId: number }
  | { type: 'set_help_topic'; helpTopicId: number }
  | { type: 'set_status'; statusId: number }
  | { type: 'assign_agent'; staffId: number }
  | { type: 'assign_team'; teamId: number }
  | { type: 'send_canned_reply'; cannedResponseId: number }
  | { type: 'suppress_autoresponse' }
  | { type: 'add_collaborator'; email: string }
  | { type: 'stop_processing' };
export type FilterActionType = FilterAction['type'];

export interface FilterRule {
  id: number;
  name: string;
  order: number;
  isActive: boolean;
  match: 'all' | 'any';
  conditions: FilterCondition[];
  actions: FilterAction[];
}

export const LIMITS = { name: 120, value: 500, conditions: 20, actions: 20, customFieldName: 64 } as const;

type ActionOf<T extends FilterActionType> = Extract<FilterAction, { type: T }>;
interface ActionSpec<T extends FilterActionType> {
  /** 'single': sets one ticket property, so a second one in the same rule is a contradiction. */
  kind: 'single' | 'list' | 'flag';
  /** How a matched rule reports the action; an id ("#3") or the email follows it. */
  sentence: string;
  /** The numeric id the action carries, and what the admin form calls it (with its article). */
  id?: { key: Exclude<keyof ActionOf<T>, 'type'>; noun: string };
}

/** One row per action type: how it is validated and how a matched rule reports it. */
export const ACTION_SPECS: { [T in FilterActionType]: ActionSpec<T> } = {
  reject: { kind: 'flag', sentence: 'reject the ticket' },
  set_department: { kind: 'single', sentence: 'set department to', id: { key: 'departmentId', noun: 'a department' } },
  set_priority: { kind: 'single', sentence: 'set priority to', id: { key: 'priorityId', noun: 'a priority' } },
  set_sla_plan: { kind: 'single', sentence: 'set SLA plan to', id: { key: 'slaPlanId', noun: 'an SLA plan' } },
  set_help_topic: { kind: 'single', sentence: 'set help topic to', id: { key: 'helpTopicId', noun: 'a help topic' } },
  set_status: { kind: 'single', sentence: 'set status to', id: { key: 'statusId', noun: 'a status' } },
  assign_agent: { kind: 'single', sentence: 'assign to agent', id: { key: 'staffId', noun: 'an agent' } },
  assign_team: { kind: 'single', sentence: 'assign to team', id: { key: 'teamId', noun: 'a team' } },
  send_canned_reply: {
    kind: 'list',
    sentence: 'send canned reply',
    id: { key: 'cannedResponseId', noun: 'a canned response' },
  },
  suppress_autoresponse: { kind: 'flag', sentence: 'suppress the autoresponse' },
  add_collaborator: { kind: 'list', sentence: 'add collaborator' },
  stop_processing: { kind: 'flag', sentence: 'stop processing further filters' },
};

/** A human sentence for one action; ids stay as "#3" because names are the caller's to look up. */
export function describeAction(action: FilterAction): string {
  const spec = specOf(action.type);
  if (action.type === 'add_collaborator') return `${spec.sentence} ${String(action.email ?? '').trim()}`.trimEnd();
  return spec.id ? `${spec.sentence} #${idOf(action, spec)}` : spec.sentence;
}

type LooseSpec = { kind: ActionSpec<FilterActionType>['kind']; sentence: string; id?: { key: string; noun: string } };
// The table ties each type to its own id property; TypeScript cannot correlate that across the union.
const specOf = (type: string): LooseSpec => (ACTION_SPECS as Record<string, LooseSpec>)[type];
const idOf = (action: FilterAction, spec: LooseSpec): unknown =>
  spec.id && (action as unknown as Record<string, unknown>)[spec.id.key];

const CUSTOM_FIELD = /^field:([a-z0-9_]{1,64})$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/;

export function isValidEmail(value: string): boolean {
  const email = value.trim();
  return email.length <= 254 && EMAIL.test(email);
}

/** The custom field name of a `field:<name>` field, or null for a built-in (or malformed) field. */
export function customFieldName(field: string): string | null {
  return CUSTOM_FIELD.exec(field)?.[1] ?? null;
}

/**
 * Checks a rule before it is saved. Returns field path -> message (empty when valid), paths matching the
 * form: `name`, `conditions`, `conditions.2.value`, `actions`, `actions.1`, `actions.1.email`, ...
 * Rejects rules that cannot work as written: no conditions, contradictory or pointless actions, unsafe
 * patterns, and rules that would loop by setting the help topic they test.
 */
export function validateRule(rule: Omit<FilterRule, 'id'>): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (path: string, message: string) => {
    errors[path] ??= message; // the first problem per path is the one worth fixing first
  };

  const name = typeof rule.name === 'string' ? rule.name.trim() : '';
  if (!name) add('name', 'Enter a name.');
  else if (name.length > LIMITS.name) add('name', `Use at most ${LIMITS.name} characters.`);
  if (rule.match !== 'all' && rule.match !== 'any') add('match', 'Choose whether all or any conditions must match.');
  if (!Number.isInteger(rule.order)) add('order', 'Enter a whole number.');

  const conditions = Array.isArray(rule.conditions) ? rule.conditions : [];
  if (conditions.length === 0) add('conditions', 'Add at least one condition.');
  if (conditions.length > LIMITS.conditions) add('conditions', `Use at most ${LIMITS.conditions} conditions.`);
  conditions.forEach((c, i) => validateCondition(c, `conditions.${i}`, add));

  const actions = Array.isArray(rule.actions) ? rule.actions : [];
  if (actions.length === 0) add('actions', 'Add at least one action.');
  if (actions.length > LIMITS.actions) add('actions', `Use at most ${LIMITS.actions} actions.`);
  // CASE: reject ends intake, so anything listed beside it would silently never happen.
  if (actions.length > 1 && actions.some((a) => a?.type === 'reject')) {
    add('actions', 'A rule that rejects the ticket cannot take other actions: they would never happen.');
  }

  const testsTopic = conditions.some((c) => c?.field === 'helpTopic');
  const seen = new Set<string>();
  actions.forEach((action, i) => {
    const path = `actions.${i}`;
    const spec = Object.hasOwn(ACTION_SPECS, action?.type) ? specOf(action.type) : undefined;
    if (!spec) return add(`${path}.type`, 'Choose an action.');
    const id = idOf(action, spec);
    if (spec.id && !(Number.isInteger(id) && (id as number) > 0)) add(`${path}.${spec.id.key}`, `Choose ${spec.id.noun}.`);
    if (action.type === 'add_collaborator' && !(typeof action.email === 'string' && isValidEmail(action.email))) {
      add(`${path}.email`, 'Enter a valid email address.');
    }
    // CASE: a rule that tests the help topic and sets it could flip-flop if topics re-run filters.
    if (action.type === 'set_help_topic' && testsTopic) {
      add(path, 'A rule that tests the help topic cannot also set it: re-running the filters could flip it back and forth.');
    }
    // Single-valued and flag actions may appear once; list actions once per distinct value.
    const identity = spec.kind === 'list' ? `${action.type}:${describeAction(action).toLowerCase()}` : action.type;
    if (seen.has(identity) && spec.kind === 'single') add(path, `Only one action per rule may choose ${spec.id?.noun}.`);
    else if (seen.has(identity)) add(path, 'This action repeats an earlier one.');
    seen.add(identity);
  });
  return errors;
}

function validateCondition(condition: FilterCondition, path: string, add: (path: string, message: string) => void): void {
  const field = condition?.field as string;
  if (typeof field === 'string' && field.startsWith('field:')) {
    const message = `A custom field name uses a-z, 0-9 and _ (at most ${LIMITS.customFieldName} characters).`;
    if (!customFieldName(field)) add(`${path}.field`, message);
  } else if (!(FILTER_FIELDS as readonly string[]).includes(field)) {
    add(`${path}.field`, 'Choose a field.');
  }
  if (!(FILTER_OPERATORS as readonly string[]).includes(condition?.operator)) add(`${path}.operator`, 'Choose an operator.');

  const value = typeof condition?.value === 'string' ? condition.value.trim() : '';
  if (!value) return add(`${path}.value`, 'Enter a value.');
  if (value.length > LIMITS.value) return add(`${path}.value`, `Use at most ${LIMITS.value} characters.`);
  if (condition.operator === 'matches') {
    const compiled = compileSafeRegex(value);
    if (!compiled.ok) add(`${path}.value`, compiled.reason);
  }
}
