import { Injectable } from '@nestjs/common';
import { FormErrors, Option } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { HelpTopic } from '../../help-topics/help-topic.entity';
import { descendantIds } from '../../help-topics/help-topic-tree';
import { HelpTopicChoices } from '../../help-topics/help-topics.service';
import { adminPage } from '../admin-nav';
import { asRecord, checkboxValue, text } from './form-values';

export interface HelpTopicValues {
  name: string;
  parentId: string;
  departmentId: string;
  priorityId: string;
  slaPlanId: string;
  statusId: string;
  staffId: string;
  teamId: string;
  formId: string;
  isPublic: boolean;
  isActive: boolean;
  sort: string;
}

export interface HelpTopicRowVM {
  id: number;
  fullName: string;
  depthClass: string; // "tree-depth-0" .. "tree-depth-4": indentation in the list
  departmentName: string | null;
  isPublic: boolean;
  isActive: boolean;
  editUrl: string;
}

/** views/admin/help-topics/index.hbs */
export interface HelpTopicListVM {
  title: string;
  q: string;
  rows: HelpTopicRowVM[];
  newUrl: string;
  emptyMessage: string;
}

/** views/admin/help-topics/edit.hbs: POST `action`; on edit also POST `${action}/disable|enable|delete`. */
export interface HelpTopicEditVM {
  title: string;
  isNew: boolean;
  action: string;
  topic: { id: number; fullName: string; isActive: boolean } | null;
  form: { values: HelpTopicValues; errors: FormErrors };
  options: Record<'parents' | 'departments' | 'priorities' | 'slaPlans' | 'statuses' | 'agents' | 'teams' | 'forms', Option[]>;
  listUrl: string;
}

const NEW_VALUES: HelpTopicValues = {
  name: '', parentId: '', departmentId: '', priorityId: '', slaPlanId: '', statusId: '', staffId: '', teamId: '', formId: '',
  isPublic: true, isActive: true, sort: '0',
};

const idText = (id: number | null) => (id === null ? '' : String(id));
const disabled = (name: string, isActive: boolean) => (isActive ? name : `${name} (disabled)`);

/** View-models of the help topic admin pages. */
@Injectable()
export class HelpTopicsPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/help-topics${path}`;
  }

  list(rows: { topic: HelpTopic; depth: number }[], q: string): HelpTopicListVM & ReturnType<typeof adminPage> {
    return {
      ...adminPage('help-topics', this.config.basePath, 'Help Topics'),
      q,
      rows: rows.map(({ topic, depth }) => ({
        id: topic.id,
        fullName: topic.fullName,
        depthClass: `tree-depth-${Math.min(depth, 4)}`,
        departmentName: topic.department?.name ?? null,
        isPublic: topic.isPublic,
        isActive: topic.isActive,
        editUrl: this.url(`/${topic.id}`),
      })),
      newUrl: this.url('/new'),
      emptyMessage: q ? `No help topic matches “${q}”.` : 'There are no help topics yet.',
    };
  }

  /** The create or edit page; `body` (a failed submission) wins over the topic's stored values. */
  edit(topic: HelpTopic | null, choices: HelpTopicChoices, body?: unknown, errors: FormErrors = {}): HelpTopicEditVM & ReturnType<typeof adminPage> {
    const values = body === undefined ? (topic ? this.values(topic) : NEW_VALUES) : this.typed(body);
    // A topic cannot go under itself or its subtopics: those are not offered as parents.
    const excluded = topic ? new Set([topic.id, ...descendantIds(choices.topics, topic.id)]) : new Set<number>();
    const option = (id: number, name: string): Option => ({ id, name, selected: false });
    return {
      ...adminPage('help-topics', this.config.basePath, topic ? `Help Topic: ${topic.fullName}` : 'Add a Help Topic'),
      isNew: topic === null,
      action: topic ? this.url(`/${topic.id}`) : this.url(),
      topic: topic ? { id: topic.id, fullName: topic.fullName, isActive: topic.isActive } : null,
      form: { values, errors },
      options: {
        parents: choices.topics.filter((t) => !excluded.has(t.id)).map((t) => option(t.id, disabled(t.fullName, t.isActive))),
        departments: choices.departments.map((d) => option(d.id, disabled(d.name, d.isActive))),
        priorities: choices.priorities.map((p) => option(p.id, p.name)),
        slaPlans: choices.slaPlans.map((p) => option(p.id, disabled(p.name, p.isActive))),
        statuses: choices.statuses.map((s) => option(s.id, s.state === 'open' ? s.name : `${s.name} (${s.state})`)),
        agents: choices.agents.map((a) => option(a.id, disabled(a.name, a.isActive))),
        teams: choices.teams.map((t) => option(t.id, disabled(t.name, t.isActive))),
        forms: choices.forms.map((f) => option(f.id, disabled(f.name, f.isActive))),
      },
      listUrl: this.url(),
    };
  }

  private values(t: HelpTopic): HelpTopicValues {
    return {
      name: t.name, parentId: idText(t.parentId), departmentId: idText(t.departmentId), priorityId: idText(t.priorityId),
      slaPlanId: idText(t.slaPlanId), statusId: idText(t.statusId), staffId: idText(t.staffId), teamId: idText(t.teamId),
      formId: idText(t.formId), isPublic: t.isPublic, isActive: t.isActive, sort: String(t.sort),
    };
  }

  private typed(body: unknown): HelpTopicValues {
    const b = asRecord(body);
    return {
      name: text(b.name), parentId: text(b.parentId), departmentId: text(b.departmentId), priorityId: text(b.priorityId),
      slaPlanId: text(b.slaPlanId), statusId: text(b.statusId), staffId: text(b.staffId), teamId: text(b.teamId),
      formId: text(b.formId), isPublic: checkboxValue(b.isPublic), isActive: checkboxValue(b.isActive), sort: text(b.sort),
    };
  }
}
