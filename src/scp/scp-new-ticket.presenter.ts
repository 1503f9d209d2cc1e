import { Injectable } from '@nestjs/common';
import { FormErrors, Option } from '../common/view-models';
import type { Department } from '../departments/department.entity';
import type { SubmittedValue } from '../forms/field-values';
import { fieldInputs } from '../forms/field-view';
import type { TopicQuestions } from '../forms/forms.service';
import type { HelpTopic } from '../help-topics/help-topic.entity';
import type { UploadLimits } from '../portal/portal.view-models';
import type { SlaPlan } from '../sla/sla-plan.entity';
import type { Staff } from '../staff/staff.entity';
import type { Priority } from '../tickets/priority.entity';
import type { User } from '../users/user.entity';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

export const NEW_TICKET_FIELDS = [
  'userId', 'email', 'name', 'phone', 'source', 'topicId', 'departmentId', 'priorityId', 'slaPlanId', 'staffId', 'subject', 'message', 'responseKind', 'response',
] as const;
export type NewTicketValues = Record<(typeof NEW_TICKET_FIELDS)[number], string>;

export interface NewTicketOptions {
  departments: Department[];
  topics: HelpTopic[];
  priorities: Priority[];
  slaPlans: SlaPlan[];
  agents: Staff[];
  limits: UploadLimits;
}

const SOURCES: [string, string][] = [['phone', 'Phone'], ['email', 'Email'], ['other', 'Walk-in / other']];
const RESPONSES: [string, string][] = [['none', 'No response yet'], ['reply', 'Reply to the user'], ['note', 'Internal note']];

const option = (id: number, name: string): Option => ({ id, name, selected: false });

/** View-model of views/scp/new-ticket.hbs. */
@Injectable()
export class ScpNewTicketPresenter {
  constructor(private readonly scp: ScpPresenter) {}

  /**
   * The empty form: the agent's primary department when they may open tickets there; the picked user and
   * the chosen topic (`?topicId=`, which the topic select's script asks for) when given.
   */
  values(primaryDepartmentId: number, picked: User | null, topicId: unknown = ''): NewTicketValues {
    const empty = Object.fromEntries(NEW_TICKET_FIELDS.map((f) => [f, ''])) as NewTicketValues;
    return {
      ...empty, source: 'phone', responseKind: 'none', departmentId: String(primaryDepartmentId), topicId: typeof topicId === 'string' ? topicId : '',
      ...(picked ? { userId: String(picked.id), email: picked.email, name: picked.name, phone: picked.phone ?? '' } : {}),
    };
  }

  submitted(body: Record<string, unknown>): NewTicketValues {
    return Object.fromEntries(NEW_TICKET_FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : ''])) as NewTicketValues;
  }

  /**
   * `questions` are the chosen topic's custom fields, filled with `typed` (the submitted `cf_*` answers)
   * on a re-render.
   */
  page(
    options: NewTicketOptions, values: NewTicketValues, errors: FormErrors, picked: User | null,
    questions: TopicQuestions = { form: null, fields: [] }, typed?: Record<string, SubmittedValue>,
  ) {
    const topicFields = { title: questions.form?.name ?? null, instructions: questions.form?.instructions ?? null, fields: fieldInputs(questions.fields, { idPrefix: 'nt-cf', typed, errors }) };
    // Errors for fields the form has no place for are listed above the form.
    const shown = new Set<string>([...NEW_TICKET_FIELDS, 'attachments', ...topicFields.fields.map((f) => f.name)]);
    return {
      title: 'New ticket',
      layout: SCP_LAYOUT,
      action: this.scp.url('/scp/tickets/new'),
      lookupUrl: this.scp.url('/scp/users/lookup'),
      picked: picked ? { name: picked.name, email: picked.email, url: this.scp.url(`/scp/users/${picked.id}`) } : null,
      form: { values, errors },
      topicFields,
      fieldsUrl: this.scp.url('/scp/tickets/new'),
      otherErrors: Object.entries(errors).filter(([field]) => !shown.has(field)).map(([, message]) => message),
      options: {
        sources: SOURCES.map(([value, name]) => ({ value, name, checked: value === values.source })),
        responses: RESPONSES.map(([value, name]) => ({ value, name, checked: value === (values.responseKind || 'none') })),
        departments: options.departments.map((d) => option(d.id, d.name)),
        topics: options.topics.map((t) => option(t.id, t.fullName)),
        priorities: options.priorities.map((p) => option(p.id, p.name)),
        slaPlans: [{ value: 'none', name: 'No SLA plan' }, ...options.slaPlans.map((p) => ({ value: String(p.id), name: p.name }))],
        agents: options.agents.map((a) => option(a.id, a.name)),
      },
      limits: options.limits,
    };
  }
}
