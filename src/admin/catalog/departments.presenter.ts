import { Injectable } from '@nestjs/common';
import { FormErrors, FormState, Option } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import type { DepartmentChoices, DepartmentDetail, DepartmentListItem } from '../../departments/department-directory.service';
import { describeUsage } from '../../departments/department-usage';
import type { Department } from '../../departments/department.entity';
import { adminPage } from '../admin-nav';
import { checkedOf, Submitted, textOf } from './catalog-forms';

export interface DepartmentFormValues {
  name: string;
  parentId: string;
  managerId: string;
  slaPlanId: string;
  email: string;
  isPublic: boolean;
}

/** Builds the departments admin pages' view-models. */
@Injectable()
export class DepartmentsPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/departments`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;

  list(items: DepartmentListItem[], q: string) {
    return {
      ...adminPage('departments', this.config.basePath, 'Departments'),
      q,
      newUrl: `${this.listUrl()}/new`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No department matches “${q}”.` : 'No departments yet.',
      rows: items.map(({ department: d, path, managerName, usage }) => ({
        id: d.id,
        name: path,
        editUrl: this.editUrl(d.id),
        email: d.email,
        managerName,
        agents: usage.agents,
        extendedAgents: usage.extendedAgents,
        tickets: usage.tickets,
        isPublic: d.isPublic,
        isActive: d.isActive,
      })),
    };
  }

  /** The new-department form (detail null) or a department's page, with its members read-only. */
  form(detail: DepartmentDetail | null, choices: DepartmentChoices, form: FormState<DepartmentFormValues>) {
    const d = detail?.department;
    return {
      ...adminPage('departments', this.config.basePath, d ? `Department: ${d.name}` : 'New department'),
      isNew: !d,
      action: d ? this.editUrl(d.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form,
      options: {
        parents: choices.parents.map((p) => option(p.id, p.name)),
        managers: choices.managers.map((s) => option(s.id, s.isActive ? s.name : `${s.name} (disabled)`)),
        slaPlans: choices.slaPlans.map((p) => option(p.id, p.isActive ? p.name : `${p.name} (disabled)`)),
      },
      department: detail && d ? {
        id: d.id,
        name: d.name,
        path: detail.path,
        isActive: d.isActive,
        disableUrl: `${this.editUrl(d.id)}/disable`,
        enableUrl: `${this.editUrl(d.id)}/enable`,
        deleteUrl: `${this.editUrl(d.id)}/delete`,
        usageText: describeUsage(detail.usage),
        agents: detail.agents.map((a) => ({ name: a.name, username: a.username, profileUrl: this.agentUrl(a.id), isActive: a.isActive })),
        extendedAgents: detail.extendedAgents.map(({ agent, roleName }) => ({ name: agent.name, profileUrl: this.agentUrl(agent.id), roleName, isActive: agent.isActive })),
      } : null,
    };
  }

  values(d: Department | null): FormState<DepartmentFormValues> {
    return {
      values: {
        name: d?.name ?? '', parentId: idText(d?.parentId), managerId: idText(d?.managerId), slaPlanId: idText(d?.slaPlanId),
        email: d?.email ?? '', isPublic: d?.isPublic ?? true,
      },
      errors: {},
    };
  }

  /** What the admin typed, for a 422 re-render. */
  submitted(body: Submitted, errors: FormErrors): FormState<DepartmentFormValues> {
    return {
      values: {
        name: textOf(body, 'name'), parentId: textOf(body, 'parentId'), managerId: textOf(body, 'managerId'), slaPlanId: textOf(body, 'slaPlanId'),
        email: textOf(body, 'email'), isPublic: checkedOf(body, 'isPublic'),
      },
      errors,
    };
  }

  private agentUrl(id: number): string {
    return `${this.base}/scp/admin/agents/${id}`;
  }
}

const option = (id: number, name: string): Option => ({ id, name, selected: false });
const idText = (id: number | null | undefined) => (id ? String(id) : '');
