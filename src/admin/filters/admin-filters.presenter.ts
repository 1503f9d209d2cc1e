import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { ACTION_SPECS, FILTER_FIELDS, FILTER_OPERATORS, FilterActionType } from '../../filters/filter-rules';
import { REFERENCE_KINDS, REFERENCE_LABELS, ReferenceChoices, ReferenceKind } from '../../filters/filter-references.service';
import { IntakeFilter } from '../../filters/filters.entities';
import { describeCondition, FilterPreview } from '../../filters/intake-filters.service';
import { TICKET_SOURCES } from '../../tickets/ticket.entity';
import { adminPage } from '../admin-nav';
import { emptyFilterValues, FilterFormValues } from './filter-form';

const FIELD_LABELS: Record<(typeof FILTER_FIELDS)[number], string> = {
  email: 'Email address', domain: 'Email domain', name: 'Name', subject: 'Subject', body: 'Message', helpTopic: 'Help topic', source: 'Source',
};
const OPERATOR_LABELS: Record<(typeof FILTER_OPERATORS)[number], string> = {
  equals: 'equals', not_equals: 'does not equal', contains: 'contains', not_contains: 'does not contain',
  starts_with: 'starts with', ends_with: 'ends with', matches: 'matches regular expression',
};
const ACTION_LABELS: Record<FilterActionType, string> = {
  reject: 'Reject the ticket', set_department: 'Set department', set_priority: 'Set priority', set_sla_plan: 'Set SLA plan',
  set_help_topic: 'Set help topic', set_status: 'Set status', assign_agent: 'Assign to agent', assign_team: 'Assign to team',
  send_canned_reply: 'Send canned reply', suppress_autoresponse: 'Suppress the autoresponse', add_collaborator: 'Add collaborator (email below)',
  stop_processing: 'Stop processing further filters',
};
const SOURCE_LABELS: Record<string, string> = { web: 'Web portal', email: 'Email', phone: 'Phone', api: 'API', other: 'Other' };
/** Blank rows offered after the typed ones, so more can be added without script. */
const SPARE_ROWS = 2;

export interface FilterListRow {
  filter: IntakeFilter;
  actions: string[];
}

type Choice = { value: string; label: string; selected: boolean };
const choices = (pairs: [string, string][], current: string): Choice[] => pairs.map(([value, label]) => ({ value, label, selected: value === current }));

/** View-models of the intake filter pages. */
@Injectable()
export class AdminFiltersPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/filters${path}`;
  }

  list(rows: FilterListRow[]) {
    return {
      ...adminPage('filters', this.config.basePath, 'Intake Filters'),
      newUrl: this.url('/new'),
      filters: rows.map(({ filter, actions }, i) => ({
        id: filter.id,
        position: i + 1,
        name: filter.name,
        isActive: filter.isActive,
        match: filter.match === 'any' ? 'any' : 'all',
        conditions: (filter.conditions ?? []).map(describeCondition),
        actions,
        editUrl: this.url(`/${filter.id}`),
        moveUrl: this.url(`/${filter.id}/move`),
        canMoveUp: i > 0,
        canMoveDown: i < rows.length - 1,
      })),
    };
  }

  form(refs: ReferenceChoices, customFields: { name: string; label: string }[], values: FilterFormValues = emptyFilterValues(),
    errors: FormErrors = {}, existing: IntakeFilter | null = null, preview: FilterPreview | null = null) {
    const fieldPairs: [string, string][] = [
      ...FILTER_FIELDS.map((f): [string, string] => [f, FIELD_LABELS[f]]),
      ...customFields.map((f): [string, string] => [`field:${f.name}`, `Custom field: ${f.label} (${f.name})`]),
    ];
    const conditions = [...values.conditions, ...blank(SPARE_ROWS, () => ({ field: '', operator: 'contains', value: '' }))];
    const actions = [...values.actions, ...blank(SPARE_ROWS, () => ({ type: '', target: '', email: '' }))];
    return {
      ...adminPage('filters', this.config.basePath, existing ? `Edit “${existing.name}”` : 'New intake filter'),
      heading: existing ? 'Edit intake filter' : 'New intake filter',
      action: existing ? this.url(`/${existing.id}`) : this.url(),
      listUrl: this.url(),
      submitLabel: existing ? 'Save changes' : 'Create filter',
      values,
      errors,
      errorList: Object.entries(errors).map(([path, message]) => ({ label: errorLabel(path), message })),
      matchOptions: choices([['all', 'All conditions'], ['any', 'Any condition']], values.match),
      conditionRows: conditions.map((c, i) => {
        const known = fieldPairs.some(([v]) => v === c.field) || c.field === '';
        return {
          number: i + 1,
          prefix: `conditions.${i}`,
          id: `cond-${i}`,
          value: c.value,
          fields: choices(known ? fieldPairs : [...fieldPairs, [c.field, c.field]], c.field),
          operators: choices(FILTER_OPERATORS.map((o) => [o, OPERATOR_LABELS[o]]), c.operator),
          errors: { row: errors[`conditions.${i}`], field: errors[`conditions.${i}.field`], operator: errors[`conditions.${i}.operator`], value: errors[`conditions.${i}.value`] },
        };
      }),
      actionRows: actions.map((a, i) => ({
        number: i + 1,
        prefix: `actions.${i}`,
        id: `action-${i}`,
        email: a.email,
        types: choices((Object.keys(ACTION_SPECS) as FilterActionType[]).map((t) => [t, ACTION_LABELS[t]]), a.type),
        groups: (Object.keys(REFERENCE_LABELS) as ReferenceKind[]).map((kind) => ({
          label: REFERENCE_LABELS[kind],
          options: refs[kind].map((r) => ({ value: `${kind}:${r.id}`, label: r.isActive ? r.name : `${r.name} (disabled)`, selected: a.target === `${kind}:${r.id}` })),
        })),
        errors: { row: errors[`actions.${i}`], type: errors[`actions.${i}.type`], email: errors[`actions.${i}.email`], target: valueError(errors, i) },
      })),
      sample: {
        ...values.sample,
        topics: choices(refs.topic.map((t): [string, string] => [String(t.id), t.name]), values.sample.topic),
        sources: choices(TICKET_SOURCES.map((s): [string, string] => [s, SOURCE_LABELS[s] ?? s]), values.sample.source),
        errors: { topic: errors['sample.topic'], source: errors['sample.source'] },
      },
      preview,
      manage: existing ? {
        isActive: existing.isActive,
        toggleUrl: this.url(`/${existing.id}/${existing.isActive ? 'disable' : 'enable'}`),
        toggleConfirm: existing.isActive ? `Disable the filter “${existing.name}”? New tickets will skip it.` : `Enable the filter “${existing.name}”?`,
        deleteUrl: this.url(`/${existing.id}/delete`),
        deleteConfirm: `Delete the filter “${existing.name}”?`,
      } : null,
    };
  }

  /** The stored rule as form values (ids become the value select's `kind:id`). */
  values(filter: IntakeFilter): FilterFormValues {
    return {
      ...emptyFilterValues(),
      name: filter.name,
      match: filter.match,
      isActive: filter.isActive,
      conditions: (filter.conditions ?? []).map((c) => ({ field: c.field, operator: c.operator, value: c.value })),
      actions: (filter.actions ?? []).map((a) => {
        const kind = (REFERENCE_KINDS as Partial<Record<FilterActionType, ReferenceKind>>)[a.type];
        const key = (ACTION_SPECS[a.type] as { id?: { key: string } } | undefined)?.id?.key;
        const id = key ? (a as unknown as Record<string, unknown>)[key] : undefined;
        return { type: a.type, target: kind && id ? `${kind}:${String(id)}` : '', email: a.type === 'add_collaborator' ? a.email : '' };
      }),
    };
  }
}

function blank<T>(n: number, make: () => T): T[] {
  return Array.from({ length: n }, make);
}

/** The message on an action's value select: any error about the id its type carries. */
function valueError(errors: FormErrors, i: number): string | undefined {
  const prefix = `actions.${i}.`;
  const key = Object.keys(errors).find((k) => k.startsWith(prefix) && !['type', 'email'].includes(k.slice(prefix.length)));
  return key ? errors[key] : undefined;
}

/** "Condition 3, value" for `conditions.2.value`: where the error summary points. */
export function errorLabel(path: string): string {
  const m = /^(conditions|actions|sample)\.(\w+)(?:\.(\w+))?$/.exec(path);
  if (!m) return { name: 'Name', match: 'Match', conditions: 'Conditions', actions: 'Actions' }[path] ?? 'Filter';
  if (m[1] === 'sample') return `Sample ${m[2]}`;
  const row = `${m[1] === 'conditions' ? 'Condition' : 'Action'} ${Number(m[2]) + 1}`;
  if (!m[3]) return row;
  const part = m[1] === 'actions' && !['type', 'email'].includes(m[3]) ? 'value' : m[3];
  return `${row}, ${part}`;
}
