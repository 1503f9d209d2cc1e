import type { FormErrors } from '../common/view-models';
import type { CustomField } from './custom-field.entity';
import { displayValue, fieldInputName, storedList, SubmittedValue } from './field-values';

/**
 * View-models of custom fields, shared by the portal's and the staff panel's presenters so both render
 * them through `views/partials/shared/custom-fields.hbs` and `shared/field-values.hbs`.
 */

export interface CustomChoiceVM {
  id: string; // the checkbox's id in a multiple choice
  value: string;
  selected: boolean;
}

/** One question as a form control. `kind` picks the markup; `inputType` is the <input> type for 'input'. */
export interface CustomFieldInputVM {
  id: string;
  name: string; // "cf_<machine name>"
  label: string;
  kind: 'input' | 'textarea' | 'select' | 'multi' | 'checkbox';
  inputType: 'text' | 'date' | 'email' | 'tel';
  inputmode: string | null;
  required: boolean;
  value: string;
  checked: boolean;
  choices: CustomChoiceVM[];
  error: string | null;
}

/** A stored answer as read on a ticket page. */
export interface CustomFieldValueVM {
  label: string;
  value: string; // '' when there is no answer
  agentsOnly: boolean;
}

/** A set of questions, for a fieldset: its title and instructions (the form's) and the controls. */
export interface CustomFieldsetVM {
  title: string | null;
  instructions: string | null;
  fields: CustomFieldInputVM[];
}

const KIND: Record<CustomField['type'], CustomFieldInputVM['kind']> = {
  text: 'input', number: 'input', date: 'input', email: 'input', phone: 'input', textarea: 'textarea', choice: 'select', multichoice: 'multi', checkbox: 'checkbox',
};
const INPUT_TYPE: Partial<Record<CustomField['type'], CustomFieldInputVM['inputType']>> = { date: 'date', email: 'email', phone: 'tel' };

/**
 * The controls of `fields`, filled with what was typed (a re-render: `typed` wins) or else the stored
 * answers. Ids are `<idPrefix>-<name>`, so two sets on one page never clash.
 */
export function fieldInputs(
  fields: CustomField[],
  opts: { idPrefix: string; stored?: Map<number, string | null>; typed?: Record<string, SubmittedValue>; errors?: FormErrors },
): CustomFieldInputVM[] {
  return fields.map((f) => {
    const name = fieldInputName(f.name);
    const id = `${opts.idPrefix}-${f.name.replace(/_/g, '-')}`;
    const typed = opts.typed?.[name];
    const stored = opts.stored?.get(f.id) ?? null;
    const picks = opts.typed ? asList(typed) : f.type === 'multichoice' ? storedList(stored) : stored === null ? [] : [stored];
    const value = opts.typed ? last(typed) : stored ?? '';
    return {
      id,
      name,
      label: f.label,
      kind: KIND[f.type],
      inputType: INPUT_TYPE[f.type] ?? 'text',
      inputmode: f.type === 'number' ? 'decimal' : null,
      required: f.isRequired,
      value: f.type === 'multichoice' || f.type === 'checkbox' ? '' : value,
      checked: f.type === 'checkbox' && (opts.typed ? ['1', 'on', 'true'].includes(last(typed)) : stored === '1'),
      choices: (f.choices ?? []).map((c, i) => ({ id: `${id}-${i + 1}`, value: c, selected: picks.includes(c) })),
      error: opts.errors?.[name] ?? null,
    };
  });
}

/** Answers as read on a ticket page, in the order given. */
export function fieldValues(answers: { field: CustomField; value: string | null }[]): CustomFieldValueVM[] {
  return answers.map(({ field, value }) => ({ label: field.label, value: displayValue(field.type, value), agentsOnly: field.visibility === 'agents' }));
}

const asList = (v: SubmittedValue): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const last = (v: SubmittedValue): string => (Array.isArray(v) ? v[v.length - 1] ?? '' : v ?? '');
