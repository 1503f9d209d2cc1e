import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { PERMISSION_LABELS, PERMISSIONS } from '../../staff/permissions';
import { RoleSummary } from '../../staff/roles.service';
import { adminPage } from '../admin-nav';

export interface RoleFormValues {
  name: string;
  permissions: string[];
}

/** The role form as typed, for a 422 re-render. */
export function roleFormValues(body: unknown): RoleFormValues {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const permissions = (Array.isArray(b.permissions) ? b.permissions : [b.permissions]).filter((p): p is string => typeof p === 'string');
  return { name: typeof b.name === 'string' ? b.name : '', permissions };
}

/** View-models for the roles pages. URLs include the base path. */
@Injectable()
export class RolesPresenter {
  private readonly base: string;

  constructor(config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = (): string => `${this.base}/scp/admin/roles`;
  roleUrl = (id: number): string => `${this.base}/scp/admin/roles/${id}`;
  /** Where a disable/enable button returns: the list when it was pressed there (`from=list`), else the role's page. */
  backUrl = (from: unknown, id: number): string => (from === 'list' ? this.listUrl() : this.roleUrl(id));

  list(roles: RoleSummary[], q: string) {
    return {
      ...adminPage('roles', this.base, 'Roles'),
      q,
      newUrl: `${this.base}/scp/admin/roles/new`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No role matches “${q}”.` : 'No roles yet.',
      rows: roles.map(({ role, agentCount }) => ({
        id: role.id, name: role.name, permissionCount: role.permissions.length, agentCount, editUrl: this.roleUrl(role.id),
        isActive: role.isActive, disableUrl: `${this.roleUrl(role.id)}/disable`, enableUrl: `${this.roleUrl(role.id)}/enable`,
      })),
    };
  }

  /** The create or edit form; `summary` is null for a new role. */
  form(summary: RoleSummary | null, values: RoleFormValues, errors: FormErrors) {
    const role = summary?.role ?? null;
    return {
      ...adminPage('roles', this.base, role ? `Role: ${role.name}` : 'New role'),
      isNew: !role,
      action: role ? this.roleUrl(role.id) : this.listUrl(),
      listUrl: this.listUrl(),
      role: role && {
        id: role.id, name: role.name, agentCount: summary!.agentCount, isActive: role.isActive, deleteUrl: `${this.roleUrl(role.id)}/delete`,
        disableUrl: `${this.roleUrl(role.id)}/disable`, enableUrl: `${this.roleUrl(role.id)}/enable`,
      },
      form: { values, errors },
      permissions: PERMISSIONS.map((key) => ({
        key, ...PERMISSION_LABELS[key], fieldId: `role-perm-${key.replace('.', '-')}`, checked: values.permissions.includes(key),
      })),
    };
  }
}
