import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { DomainError, invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { CustomField } from './custom-field.entity';
import { CustomForm } from './custom-form.entity';
import { CHOICE_TYPES, FieldType, FieldVisibility, MAX_CHOICE_LENGTH, MAX_CHOICES } from './field-values';
import { TicketFieldValue } from './ticket-field-value.entity';

export interface FormInput {
  name: string;
  instructions: string | null;
}

export interface FieldInput {
  name: string;
  label: string;
  type: FieldType;
  choices: string[];
  isRequired: boolean;
  visibility: FieldVisibility;
  userEditable: boolean;
  sort: number;
  isActive: boolean;
}

export interface FormListRow {
  form: CustomForm;
  fieldCount: number;
  topicNames: string[];
}

export interface TopicQuestions {
  form: CustomForm | null;
  fields: CustomField[];
}

/** Who a topic's questions are for: 'user' = the ones the user answers on the portal; 'agent' = all. */
export type FieldAudience = 'user' | 'agent';

const formSnapshot = (f: CustomForm) => ({ name: f.name, instructions: f.instructions, isActive: f.isActive });
const fieldSnapshot = (f: CustomField) => ({
  name: f.name, label: f.label, type: f.type, choices: f.choices, isRequired: f.isRequired, visibility: f.visibility,
  userEditable: f.userEditable, sort: f.sort, isActive: f.isActive,
});
const formTarget = (f: CustomForm) => ({ type: 'form', id: f.id, label: f.name });
const fieldTarget = (form: CustomForm, f: CustomField) => ({ type: 'form_field', id: f.id, label: `${form.name}: ${f.label}` });
const byOrder = (a: CustomField, b: CustomField) => a.sort - b.sort || a.id - b.id;

/** Custom forms and their fields: admin management, and the questions a help topic asks. */
@Injectable()
export class FormsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Forms by name with their field counts and the topics using them; `q` matches the name (any case). */
  async list(q = ''): Promise<FormListRow[]> {
    const query = this.db.getRepository(CustomForm).createQueryBuilder('f').orderBy('f.name', 'ASC');
    if (q.trim()) query.where("LOWER(f.name) LIKE :q ESCAPE '!'", { q: containsPattern(q.trim().toLowerCase()) });
    const forms = await query.getMany();
    const ids = forms.map((f) => f.id);
    const [fields, topics] = ids.length === 0 ? [[], []] : await Promise.all([
      this.db.getRepository(CustomField).find({ where: { formId: In(ids) }, select: { id: true, formId: true } }),
      this.db.getRepository(HelpTopic).find({ where: { formId: In(ids) }, order: { fullName: 'ASC' } }),
    ]);
    return forms.map((form) => ({
      form,
      fieldCount: fields.filter((f) => f.formId === form.id).length,
      topicNames: topics.filter((t) => t.formId === form.id).map((t) => t.fullName),
    }));
  }

  /** A form with its fields in order, or 404. */
  async get(id: number): Promise<CustomForm> {
    const form = await this.db.getRepository(CustomForm).findOne({ where: { id }, relations: { fields: true } });
    if (!form) throw notFound('form');
    form.fields.sort(byOrder);
    return form;
  }

  async field(formId: number, fieldId: number): Promise<{ form: CustomForm; field: CustomField }> {
    const form = await this.get(formId);
    const field = form.fields.find((f) => f.id === fieldId);
    if (!field) throw notFound('field');
    return { form, field };
  }

  /** The full names of the help topics using a form. */
  async topicNames(formId: number): Promise<string[]> {
    return (await this.db.getRepository(HelpTopic).find({ where: { formId }, order: { fullName: 'ASC' } })).map((t) => t.fullName);
  }

  /**
   * The active fields a topic asks, in order: none when the topic has no form or its form is disabled.
   * For 'user', only fields the user both sees and may fill in.
   */
  async fieldsForTopic(topicId: number | null, audience: FieldAudience, m: EntityManager = this.db.manager): Promise<CustomField[]> {
    return (await this.questionsForTopic(topicId, audience, m)).fields;
  }

  /** The topic's active form (null: none, or disabled) with the fields `fieldsForTopic` gives. */
  async questionsForTopic(topicId: number | null, audience: FieldAudience, m: EntityManager = this.db.manager): Promise<TopicQuestions> {
    const topic = topicId ? await m.findOne(HelpTopic, { where: { id: topicId }, relations: { form: true } }) : null;
    if (!topic?.form?.isActive) return { form: null, fields: [] };
    const fields = await m.find(CustomField, { where: { formId: topic.form.id, isActive: true } });
    return { form: topic.form, fields: fields.filter((f) => audience === 'agent' || (f.visibility === 'all' && f.userEditable)).sort(byOrder) };
  }

  /** Adds a form; its name is unique (any case). */
  async create(actor: AuditActor, input: FormInput): Promise<CustomForm> {
    return this.db.transaction(async (m) => {
      await this.checkName(m, null, input.name);
      const form = await m.save(m.create(CustomForm, { ...input, isActive: true }));
      await this.audit.record(actor, { action: 'form.created', target: formTarget(form), after: formSnapshot(form) }, m);
      return form;
    });
  }

  async update(actor: AuditActor, id: number, input: FormInput): Promise<CustomForm> {
    return this.db.transaction(async (m) => {
      const before = await this.requireForm(m, id);
      await this.checkName(m, id, input.name);
      const after = await m.save(m.create(CustomForm, { ...before, ...input }));
      const diff = changedFields(formSnapshot(before), formSnapshot(after));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'form.updated', target: formTarget(after), ...diff }, m);
      return after;
    });
  }

  /** A disabled form asks nothing on new tickets; the answers already given stay on their tickets. Always allowed. */
  async setActive(actor: AuditActor, id: number, isActive: boolean): Promise<CustomForm> {
    return this.db.transaction(async (m) => {
      const form = await this.requireForm(m, id);
      if (form.isActive === isActive) return form;
      await m.update(CustomForm, { id }, { isActive });
      await this.audit.record(actor, { action: isActive ? 'form.enabled' : 'form.disabled', target: formTarget(form), before: { isActive: !isActive }, after: { isActive } }, m);
      return { ...form, isActive };
    });
  }

  /** Deletes a form no help topic uses and no ticket has answered; otherwise refused, nothing changed. */
  async delete(actor: AuditActor, id: number): Promise<CustomForm> {
    return this.db.transaction(async (m) => {
      const form = await this.requireForm(m, id);
      const topics = await m.find(HelpTopic, { where: { formId: id }, order: { fullName: 'ASC' } });
      if (topics.length > 0) {
        const names = topics.map((t) => `“${t.fullName}”`).join(', ');
        throw new DomainError('conflict', `The form “${form.name}” is used by the help ${topics.length === 1 ? 'topic' : 'topics'} ${names}; choose another form there first or disable it instead.`);
      }
      const answers = await m.createQueryBuilder(TicketFieldValue, 'v').innerJoin('v.field', 'f').where('f.formId = :id', { id }).getCount();
      if (answers > 0) throw new DomainError('conflict', `Tickets hold ${answers} ${answers === 1 ? 'answer' : 'answers'} to the form “${form.name}”; disable it instead.`);
      await m.delete(CustomForm, { id });
      await this.audit.record(actor, { action: 'form.deleted', target: formTarget(form), before: formSnapshot(form) }, m);
      return form;
    });
  }

  /** Adds a field to a form (rules: see `checkField`). */
  async addField(actor: AuditActor, formId: number, input: FieldInput): Promise<CustomField> {
    return this.db.transaction(async (m) => {
      const form = await this.requireForm(m, formId);
      const values = await this.checkField(m, formId, null, input);
      const field = await m.save(m.create(CustomField, { ...values, formId }));
      await this.audit.record(actor, { action: 'form_field.created', target: fieldTarget(form, field), after: fieldSnapshot(field) }, m);
      return field;
    });
  }

  /** Changes a field. CASE: once tickets hold answers its type is fixed, so no stored answer turns invalid. */
  async updateField(actor: AuditActor, formId: number, fieldId: number, input: FieldInput): Promise<CustomField> {
    return this.db.transaction(async (m) => {
      const form = await this.requireForm(m, formId);
      const before = await this.requireField(m, formId, fieldId);
      const values = await this.checkField(m, formId, fieldId, input);
      if (values.type !== before.type && (await m.countBy(TicketFieldValue, { fieldId })) > 0) {
        throw invalidField('type', 'Tickets already hold answers to this field, so its type cannot change; add a new field instead.');
      }
      const after = await m.save(m.create(CustomField, { ...before, ...values }));
      const diff = changedFields(fieldSnapshot(before), fieldSnapshot(after));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'form_field.updated', target: fieldTarget(form, after), ...diff }, m);
      return after;
    });
  }

  /** Removes a field no ticket has answered; otherwise refused (disable it instead), nothing changed. */
  async deleteField(actor: AuditActor, formId: number, fieldId: number): Promise<CustomField> {
    return this.db.transaction(async (m) => {
      const form = await this.requireForm(m, formId);
      const field = await this.requireField(m, formId, fieldId);
      const answers = await m.countBy(TicketFieldValue, { fieldId });
      if (answers > 0) throw new DomainError('conflict', `Tickets hold ${answers} ${answers === 1 ? 'answer' : 'answers'} to “${field.label}”; disable the field instead.`);
      await m.delete(CustomField, { id: fieldId });
      await this.audit.record(actor, { action: 'form_field.deleted', target: fieldTarget(form, field), before: fieldSnapshot(field) }, m);
      return field;
    });
  }

  /** Sets the fields' sort numbers (field id -> number); ids of other forms are ignored. */
  async reorderFields(actor: AuditActor, formId: number, sorts: Map<number, number>): Promise<void> {
    await this.db.transaction(async (m) => {
      const form = await this.requireForm(m, formId);
      const fields = (await m.find(CustomField, { where: { formId } })).sort(byOrder);
      const changed = fields.filter((f) => sorts.has(f.id) && sorts.get(f.id) !== f.sort);
      if (changed.length === 0) return;
      for (const f of changed) await m.update(CustomField, { id: f.id }, { sort: sorts.get(f.id)! });
      const after = fields.map((f) => ({ ...f, sort: sorts.get(f.id) ?? f.sort })).sort(byOrder);
      await this.audit.record(actor, {
        action: 'form.updated', target: formTarget(form), before: { fieldOrder: fields.map((f) => f.name) }, after: { fieldOrder: after.map((f) => f.name) },
      }, m);
    });
  }

  private async requireForm(m: EntityManager, id: number): Promise<CustomForm> {
    const form = await m.findOneBy(CustomForm, { id });
    if (!form) throw notFound('form');
    return form;
  }

  private async requireField(m: EntityManager, formId: number, id: number): Promise<CustomField> {
    const field = await m.findOneBy(CustomField, { id, formId });
    if (!field) throw notFound('field');
    return field;
  }

  private async checkName(m: EntityManager, id: number | null, name: string): Promise<void> {
    const taken = await m.getRepository(CustomForm).createQueryBuilder('f').where('LOWER(f.name) = :name', { name: name.toLowerCase() }).getOne();
    if (taken && taken.id !== id) throw invalidField('name', `There is already a form named “${taken.name}”.`);
  }

  /**
   * A field's rules: a machine name unique in its form; choices (at least one, at most 50, each at most
   * 120 characters) for choice types and none for others. CASE: a field only agents see cannot be
   * editable by the user, whatever the form said.
   */
  private async checkField(m: EntityManager, formId: number, id: number | null, input: FieldInput): Promise<Omit<FieldInput, 'choices'> & { choices: string[] | null }> {
    const errors: Record<string, string> = {};
    const taken = await m.findOneBy(CustomField, { formId, name: input.name });
    if (taken && taken.id !== id) errors.name = `This form already has a field named “${input.name}”.`;
    const hasChoices = CHOICE_TYPES.includes(input.type);
    if (hasChoices && input.choices.length === 0) errors.choices = 'List at least one choice, one per line.';
    else if (hasChoices && input.choices.length > MAX_CHOICES) errors.choices = `List at most ${MAX_CHOICES} choices.`;
    else if (hasChoices && input.choices.some((c) => c.length > MAX_CHOICE_LENGTH)) errors.choices = `Each choice must be at most ${MAX_CHOICE_LENGTH} characters.`;
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    return { ...input, choices: hasChoices ? input.choices : null, userEditable: input.visibility === 'all' && input.userEditable };
  }
}
