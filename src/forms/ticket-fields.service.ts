import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/errors';
import { CustomField } from './custom-field.entity';
import { checkFieldValues, displayValue, SubmittedValue } from './field-values';
import { FieldAudience, FormsService } from './forms.service';
import { TicketFieldValue } from './ticket-field-value.entity';

/** Checked answers, ready to store: each field with its normalised value (null: no answer). */
export type CheckedAnswer = { field: CustomField; value: string | null };

/** A field of a ticket with its stored answer (null: none), for the ticket pages. */
export type TicketAnswer = { field: CustomField; value: string | null };

/** One change an agent made to a ticket's answers, as people read it. */
export interface AnswerChange {
  field: CustomField;
  from: string;
  to: string;
}

/** The answers a ticket holds to its help topic's custom fields: checked, stored, read and changed. */
@Injectable()
export class TicketFieldsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
  ) {}

  /**
   * Checks the answers to the topic's questions for this audience, before anything is written: a 422
   * naming every failing input (`cf_<name>`) or the answers to store.
   */
  async check(topicId: number | null, audience: FieldAudience, submitted: Record<string, SubmittedValue>, m?: EntityManager): Promise<CheckedAnswer[]> {
    const fields = await this.forms.fieldsForTopic(topicId, audience, m);
    const { values, errors } = checkFieldValues(fields, submitted);
    const messages = Object.values(errors);
    if (messages.length > 0) throw new DomainError('validation_failed', messages[0], errors);
    return fields.map((field) => ({ field, value: values.get(field.name) ?? null }));
  }

  /** Stores a new ticket's answers, inside the transaction that creates the ticket. */
  async store(m: EntityManager, ticketId: number, answers: CheckedAnswer[]): Promise<void> {
    const rows = answers.filter((a) => a.value !== null).map((a) => m.create(TicketFieldValue, { ticketId, fieldId: a.field.id, value: a.value! }));
    if (rows.length > 0) await m.save(rows);
  }

  /**
   * What a ticket page shows: the fields its topic asks (active ones, in order), then any other field
   * the ticket holds an answer to (its topic changed, or a field was disabled). Users see only fields
   * visible to them (`visibility` 'all'); agents see everything.
   */
  async forTicket(ticket: { id: number; helpTopicId: number | null }, audience: FieldAudience, m: EntityManager = this.db.manager): Promise<TicketAnswer[]> {
    const [asked, stored] = await Promise.all([
      this.forms.fieldsForTopic(ticket.helpTopicId, 'agent', m),
      m.find(TicketFieldValue, { where: { ticketId: ticket.id }, relations: { field: true } }),
    ]);
    const valueOf = new Map(stored.map((v) => [v.fieldId, v.value]));
    const askedIds = new Set(asked.map((f) => f.id));
    const others = stored.filter((v) => !askedIds.has(v.fieldId)).map((v) => v.field).sort((a, b) => a.formId - b.formId || a.sort - b.sort || a.id - b.id);
    return [...asked, ...others]
      .filter((field) => audience === 'agent' || field.visibility === 'all')
      .map((field) => ({ field, value: valueOf.get(field.id) ?? null }));
  }

  /**
   * An agent's edit of a ticket's answers (every field its topic asks), inside the caller's
   * transaction: checks them all first, then writes only what changed and returns those changes.
   */
  async change(m: EntityManager, ticket: { id: number; helpTopicId: number | null }, submitted: Record<string, SubmittedValue>): Promise<AnswerChange[]> {
    const answers = await this.check(ticket.helpTopicId, 'agent', submitted, m);
    const stored = new Map((await m.find(TicketFieldValue, { where: { ticketId: ticket.id } })).map((v) => [v.fieldId, v]));
    const changes: AnswerChange[] = [];
    for (const { field, value } of answers) {
      const current = stored.get(field.id);
      if ((current?.value ?? null) === value) continue;
      if (value === null) await m.delete(TicketFieldValue, { id: current!.id });
      else if (current) await m.update(TicketFieldValue, { id: current.id }, { value });
      else await m.save(m.create(TicketFieldValue, { ticketId: ticket.id, fieldId: field.id, value }));
      changes.push({ field, from: displayValue(field.type, current?.value ?? null), to: displayValue(field.type, value) });
    }
    return changes;
  }
}

const MAX_SHOWN = 80;
const shown = (value: string) => (value === '' ? 'empty' : `“${value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 1)}…` : value}”`);

/** The changes as one sentence's end: "Operating system from “Linux” to “Windows”; Reference from empty to “A-1”". */
export function describeChanges(changes: AnswerChange[]): string {
  return changes.map((c) => `${c.field.label} from ${shown(c.from)} to ${shown(c.to)}`).join('; ');
}
