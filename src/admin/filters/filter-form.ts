import { FormErrors } from '../../common/view-models';
import { ACTION_SPECS, FilterAction, FilterActionType, FilterCondition } from '../../filters/filter-rules';
import { REFERENCE_KINDS, ReferenceKind } from '../../filters/filter-references.service';
import { FilterInput, PreviewSample } from '../../filters/intake-filters.service';
import { TICKET_SOURCES, TicketSource } from '../../tickets/ticket.entity';

/**
 * The filter form as typed. Rows are numbered inputs (`conditions.2.value`, `actions.0.type`), so the
 * form needs no script and an error path from `validateRule` names the very input it is about.
 * An action row has a type, one value select (`kind:id`, grouped by kind) and an email input; the
 * server reads the value the chosen type needs.
 */
export interface FilterFormValues {
  name: string;
  match: string;
  isActive: boolean;
  conditions: { field: string; operator: string; value: string }[];
  actions: { type: string; target: string; email: string }[];
  sample: { email: string; name: string; subject: string; body: string; topic: string; source: string };
}

/** Row numbers above this are ignored (the rules allow 20 of each). */
const MAX_ROW = 40;
const ROW_KEY = /^(conditions|actions)\.(\d{1,2})\.(\w+)$/;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function emptyFilterValues(): FilterFormValues {
  return {
    name: '', match: 'all', isActive: true, conditions: [], actions: [],
    sample: { email: '', name: '', subject: '', body: '', topic: '', source: 'web' },
  };
}

/** What was posted, as strings (repeated or odd-typed fields count as blank); rows keep their numbers. */
export function readFilterForm(body: Record<string, unknown>): FilterFormValues {
  const values = emptyFilterValues();
  values.name = text(body.name);
  values.match = text(body.match);
  values.isActive = toBoolean(body.isActive);
  for (const [key, raw] of Object.entries(body)) {
    const m = ROW_KEY.exec(key);
    if (!m || Number(m[2]) > MAX_ROW) continue;
    const i = Number(m[2]);
    if (m[1] === 'conditions' && ['field', 'operator', 'value'].includes(m[3])) {
      while (values.conditions.length <= i) values.conditions.push({ field: '', operator: '', value: '' });
      values.conditions[i][m[3] as 'field'] = text(raw);
    } else if (m[1] === 'actions' && ['type', 'target', 'email'].includes(m[3])) {
      while (values.actions.length <= i) values.actions.push({ type: '', target: '', email: '' });
      values.actions[i][m[3] as 'type'] = text(raw);
    }
  }
  for (const key of Object.keys(values.sample) as (keyof FilterFormValues['sample'])[]) {
    const raw = body[`sample.${key}`];
    if (raw !== undefined) values.sample[key] = text(raw);
  }
  return values;
}

/** A `shared/checkbox-field` posts "0" then "1" when ticked: the last value wins. */
const toBoolean = (value: unknown): boolean => {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === '1' || last === 'on' || last === 'true';
};

export interface ParsedFilterForm {
  input: FilterInput;
  /** Maps the service's error paths (rows counted without the blank ones) back to the form's inputs. */
  formErrors(errors: FormErrors): FormErrors;
}

/** The rule the form describes: blank rows dropped, each action built from the value its type needs. */
export function toFilterInput(values: FilterFormValues): ParsedFilterForm {
  const conditionRows = values.conditions.map((c, i) => [c, i] as const).filter(([c]) => c.field !== '' || c.value.trim() !== '');
  const actionRows = values.actions.map((a, i) => [a, i] as const).filter(([a]) => a.type !== '');
  const input: FilterInput = {
    name: values.name,
    match: values.match as FilterInput['match'],
    isActive: values.isActive,
    conditions: conditionRows.map(([c]) => ({ field: c.field, operator: c.operator, value: c.value }) as FilterCondition),
    actions: actionRows.map(([a]) => toAction(a)),
  };
  const rows = { conditions: conditionRows.map(([, i]) => i), actions: actionRows.map(([, i]) => i) };
  return {
    input,
    formErrors: (errors) => Object.fromEntries(Object.entries(errors).map(([path, message]) => {
      const m = /^(conditions|actions)\.(\d+)(\..*)?$/.exec(path);
      return [m ? `${m[1]}.${rows[m[1] as 'conditions'][Number(m[2])] ?? m[2]}${m[3] ?? ''}` : path, message];
    })),
  };
}

function toAction(row: { type: string; target: string; email: string }): FilterAction {
  const type = row.type as FilterActionType;
  if (!Object.hasOwn(ACTION_SPECS, type)) return { type } as FilterAction;
  if (type === 'add_collaborator') return { type, email: row.email.trim() };
  const kind = (REFERENCE_KINDS as Partial<Record<FilterActionType, ReferenceKind>>)[type];
  const key = (ACTION_SPECS[type] as { id?: { key: string } }).id?.key;
  if (!kind || !key) return { type } as FilterAction;
  // CASE: a value from another kind's group ("department:2" for "set priority") is no value at all.
  const m = /^([a-z]+):([1-9]\d{0,9})$/.exec(row.target);
  const id = m && m[1] === kind && Number(m[2]) < 2 ** 31 ? Number(m[2]) : Number.NaN;
  return { type, [key]: id } as unknown as FilterAction;
}

/** The sample of "Test against a sample", or the fields at fault. */
export function toPreviewSample(values: FilterFormValues): { ok: true; sample: PreviewSample } | { ok: false; errors: FormErrors } {
  const { sample } = values;
  const errors: FormErrors = {};
  if (!(TICKET_SOURCES as readonly string[]).includes(sample.source)) errors['sample.source'] = 'Choose a source.';
  if (sample.topic !== '' && !/^[1-9]\d{0,9}$/.test(sample.topic)) errors['sample.topic'] = 'Choose a help topic from the list.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    sample: {
      email: sample.email.trim(), name: sample.name.trim(), subject: sample.subject, body: sample.body,
      source: sample.source as TicketSource, helpTopicId: sample.topic === '' ? null : Number(sample.topic),
    },
  };
}
