import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { CustomField } from '../../forms/custom-field.entity';
import { CustomForm } from '../../forms/custom-form.entity';
import { FIELD_TYPE_LABELS, FIELD_TYPES, FieldType } from '../../forms/field-values';
import { FormListRow } from '../../forms/forms.service';
import { adminPage } from '../admin-nav';
import { asRecord, checkboxValue, text } from './form-values';

type AdminPage = ReturnType<typeof adminPage>;

/** A select option whose value is a word ("text", "agents") rather than an id. */
export interface WordOption {
  id: string;
  name: string;
  selected: boolean;
}

export interface FormValues {
  name: string;
  instructions: string;
}

export interface FieldValues {
  label: string;
  name: string;
  type: string;
  choices: string; // one per line
  visibility: string;
  isRequired: boolean;
  userEditable: boolean;
  isActive: boolean;
  sort: string;
}

/** views/admin/forms/index.hbs */
export interface FormListVM {
  title: string;
  q: string;
  rows: { id: number; name: string; fieldCount: number; topicNames: string; isActive: boolean; editUrl: string }[];
  newUrl: string;
  emptyMessage: string;
}

/** views/admin/forms/new.hbs: POST `action` with name, instructions. */
export interface FormNewVM {
  title: string;
  action: string;
  form: { values: FormValues; errors: FormErrors };
  listUrl: string;
}

export interface FieldRowVM {
  id: number;
  label: string;
  name: string;
  typeLabel: string;
  visibilityLabel: string;
  isRequired: boolean;
  isActive: boolean;
  sortInput: string; // the reorder form's input name: "sort_<id>"
  sortValue: string;
  sortError: string | null;
  editUrl: string;
}

/**
 * views/admin/forms/edit.hbs: the form's details (POST `action`), its fields with their sort numbers
 * (POST `orderAction`), a new field (POST `fieldsAction`), and disable/enable/delete (POST `${action}/...`).
 */
export interface FormEditVM {
  title: string;
  action: string;
  info: { id: number; name: string; isActive: boolean; topicNames: string };
  form: { values: FormValues; errors: FormErrors };
  fields: FieldRowVM[];
  orderAction: string;
  fieldsAction: string;
  newField: { values: FieldValues; errors: FormErrors };
  types: WordOption[];
  visibilities: WordOption[];
  listUrl: string;
}

/** views/admin/forms/field.hbs: POST `action`; delete: POST `${action}/delete`. */
export interface FieldEditVM {
  title: string;
  action: string;
  formName: string;
  formUrl: string;
  field: { id: number; label: string };
  form: { values: FieldValues; errors: FormErrors };
  types: WordOption[];
  visibilities: WordOption[];
}

/** What a re-rendered form page keeps from the failed submission (one of its three forms). */
export interface FormPageState {
  details?: { body: unknown; errors: FormErrors };
  newField?: { body: unknown; errors: FormErrors };
  order?: { body: unknown; errors: FormErrors };
}

const VISIBILITY_LABELS: Record<string, string> = { all: 'User and agents', agents: 'Agents only' };

const NEW_FIELD: FieldValues = {
  label: '', name: '', type: 'text', choices: '', visibility: 'all', isRequired: false, userEditable: true, isActive: true, sort: '',
};

/** View-models of the custom forms admin pages. */
@Injectable()
export class FormsPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/forms${path}`;
  }

  list(rows: FormListRow[], q: string): FormListVM & AdminPage {
    return {
      ...adminPage('forms', this.config.basePath, 'Forms'),
      q,
      rows: rows.map(({ form, fieldCount, topicNames }) => ({
        id: form.id, name: form.name, fieldCount, topicNames: topicNames.join(', '), isActive: form.isActive, editUrl: this.url(`/${form.id}`),
      })),
      newUrl: this.url('/new'),
      emptyMessage: q ? `No form matches “${q}”.` : 'There are no forms yet. Add one to ask extra questions for a help topic.',
    };
  }

  create(body?: unknown, errors: FormErrors = {}): FormNewVM & AdminPage {
    const b = asRecord(body);
    return {
      ...adminPage('forms', this.config.basePath, 'Add a Form'),
      action: this.url(),
      form: { values: { name: text(b.name), instructions: text(b.instructions) }, errors },
      listUrl: this.url(),
    };
  }

  edit(form: CustomForm, topicNames: string[], state: FormPageState = {}): FormEditVM & AdminPage {
    const action = this.url(`/${form.id}`);
    const order = state.order ? asRecord(state.order.body) : null;
    const details = state.details ? asRecord(state.details.body) : null;
    const nextSort = String(Math.max(0, ...form.fields.map((f) => f.sort)) + 10);
    const newField = state.newField ? this.typedField(state.newField.body) : { ...NEW_FIELD, sort: nextSort };
    return {
      ...adminPage('forms', this.config.basePath, `Form: ${form.name}`),
      action,
      info: { id: form.id, name: form.name, isActive: form.isActive, topicNames: topicNames.join(', ') },
      form: {
        values: details ? { name: text(details.name), instructions: text(details.instructions) } : { name: form.name, instructions: form.instructions ?? '' },
        errors: state.details?.errors ?? {},
      },
      fields: form.fields.map((f) => ({
        id: f.id,
        label: f.label,
        name: f.name,
        typeLabel: FIELD_TYPE_LABELS[f.type] ?? f.type,
        visibilityLabel: VISIBILITY_LABELS[f.visibility] ?? f.visibility,
        isRequired: f.isRequired,
        isActive: f.isActive,
        sortInput: `sort_${f.id}`,
        sortValue: order ? text(order[`sort_${f.id}`]) : String(f.sort),
        sortError: state.order?.errors[`sort_${f.id}`] ?? null,
        editUrl: `${action}/fields/${f.id}`,
      })),
      orderAction: `${action}/fields/order`,
      fieldsAction: `${action}/fields`,
      newField: { values: newField, errors: state.newField?.errors ?? {} },
      types: this.types(newField.type),
      visibilities: this.visibilities(newField.visibility),
      listUrl: this.url(),
    };
  }

  field(form: CustomForm, field: CustomField, body?: unknown, errors: FormErrors = {}): FieldEditVM & AdminPage {
    const values = body === undefined ? this.storedField(field) : this.typedField(body);
    return {
      ...adminPage('forms', this.config.basePath, `Field: ${field.label}`),
      action: this.url(`/${form.id}/fields/${field.id}`),
      formName: form.name,
      formUrl: this.url(`/${form.id}`),
      field: { id: field.id, label: field.label },
      form: { values, errors },
      types: this.types(values.type),
      visibilities: this.visibilities(values.visibility),
    };
  }

  private types(current: string): WordOption[] {
    return FIELD_TYPES.map((t: FieldType) => ({ id: t, name: FIELD_TYPE_LABELS[t], selected: t === current }));
  }

  private visibilities(current: string): WordOption[] {
    return Object.entries(VISIBILITY_LABELS).map(([id, name]) => ({ id, name, selected: id === current }));
  }

  private storedField(f: CustomField): FieldValues {
    return {
      label: f.label, name: f.name, type: f.type, choices: (f.choices ?? []).join('\n'), visibility: f.visibility,
      isRequired: f.isRequired, userEditable: f.userEditable, isActive: f.isActive, sort: String(f.sort),
    };
  }

  private typedField(body: unknown): FieldValues {
    const b = asRecord(body);
    return {
      label: text(b.label), name: text(b.name), type: text(b.type), choices: text(b.choices), visibility: text(b.visibility),
      isRequired: checkboxValue(b.isRequired), userEditable: checkboxValue(b.userEditable), isActive: checkboxValue(b.isActive), sort: text(b.sort),
    };
  }
}
