import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { agentStatus, AgentStatus } from '../../staff/agent-rules';
import { AgentDetails, AgentFormChoices, AgentListPage } from '../../staff/agent-directory.service';
import { Staff } from '../../staff/staff.entity';
import { adminPage } from '../admin-nav';

/** How many empty extended access rows the form offers besides the agent's own. */
export const EMPTY_ACCESS_ROWS = 3;

const STATUS_LABELS: Record<AgentStatus, { label: string; badge: string }> = {
  active: { label: 'Active', badge: 'badge-ok' },
  locked: { label: 'Locked', badge: 'badge-warn' },
  disabled: { label: 'Disabled', badge: 'badge-muted' },
};

/** A select's choice whose value is text (filters) or an id. */
export interface ChoiceVM {
  id: number | string;
  name: string;
  selected: boolean;
}

export interface AgentFormValues {
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  phone: string;
  timezone: string;
  departmentId: string;
  roleId: string;
  signature: string;
  isAdmin: boolean;
  isActive: boolean;
  isLocked: boolean;
  onVacation: boolean;
  mustChangePassword: boolean;
  generatePassword: boolean;
  extRows: { dept: string; role: string }[];
  teamIds: string[];
}

export interface AgentListFilters {
  q: string;
  dept: string;
  status: string;
}

/** What the edit form shows about an agent: their details, and whether their two-factor login is on. */
export type AgentPageDetails = AgentDetails & { twoFactorOn: boolean };

export interface PasswordFormState {
  errors: FormErrors;
  generatePassword: boolean;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
/** Same reading as the @Checkbox() transform: the last value posted wins. */
const checked = (value: unknown): boolean => {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === '1' || last === 'on' || last === 'true';
};

/** The form as the admin typed it, for a 422 re-render. Password fields are never sent back. */
export function agentFormValues(body: unknown): AgentFormValues {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const depts = list(b.extDept);
  const roles = list(b.extRole);
  return {
    firstName: text(b.firstName), lastName: text(b.lastName), username: text(b.username), email: text(b.email),
    phone: text(b.phone), timezone: text(b.timezone), departmentId: text(b.departmentId), roleId: text(b.roleId),
    signature: text(b.signature), isAdmin: checked(b.isAdmin), isActive: checked(b.isActive), isLocked: checked(b.isLocked),
    onVacation: checked(b.onVacation), mustChangePassword: checked(b.mustChangePassword), generatePassword: checked(b.generatePassword),
    extRows: Array.from({ length: Math.min(Math.max(depts.length, roles.length), 50) }, (_, i) => ({ dept: depts[i] ?? '', role: roles[i] ?? '' }))
      .filter((r) => r.dept || r.role),
    teamIds: list(b.teamIds),
  };
}

/** A new agent's form starts active, with a generated password they must change at first login. */
export const NEW_AGENT_VALUES: AgentFormValues = {
  firstName: '', lastName: '', username: '', email: '', phone: '', timezone: '', departmentId: '', roleId: '', signature: '',
  isAdmin: false, isActive: true, isLocked: false, onVacation: false, mustChangePassword: true, generatePassword: true, extRows: [], teamIds: [],
};

export function detailsValues({ agent, access, teamIds }: AgentDetails): AgentFormValues {
  return {
    firstName: agent.firstName, lastName: agent.lastName, username: agent.username, email: agent.email, phone: agent.phone ?? '',
    timezone: agent.timezone ?? '', departmentId: String(agent.departmentId), roleId: String(agent.roleId), signature: agent.signature ?? '',
    isAdmin: agent.isAdmin, isActive: agent.isActive, isLocked: agent.isLocked, onVacation: agent.onVacation,
    mustChangePassword: agent.mustChangePassword, generatePassword: true,
    extRows: access.map((a) => ({ dept: String(a.departmentId), role: String(a.roleId) })), teamIds: teamIds.map(String),
  };
}

/**
 * The role selects' choices: enabled roles, plus a disabled role the agent holds today (primary or extended
 * access) marked "(disabled)", so saving the form does not silently change it.
 */
function roleChoices(choices: AgentFormChoices, details: AgentDetails | null): ChoiceVM[] {
  const held = new Set(details ? [details.agent.roleId, ...details.access.map((a) => a.roleId)] : []);
  return choices.roles
    .filter((r) => r.isActive || held.has(r.id))
    .map((r) => ({ id: r.id, name: r.isActive ? r.name : `${r.name} (disabled)`, selected: false }));
}

/** View-models for the agents pages. URLs include the base path. */
@Injectable()
export class AgentsPresenter {
  private readonly base: string;

  constructor(config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = (filters?: Partial<AgentListFilters> & { before?: number }): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters ?? {})) if (value !== '' && value !== undefined) params.set(key, String(value));
    const query = params.toString();
    return `${this.base}/scp/admin/agents${query ? `?${query}` : ''}`;
  };

  agentUrl = (id: number, action = ''): string => `${this.base}/scp/admin/agents/${id}${action ? `/${action}` : ''}`;

  list(page: AgentListPage, filters: AgentListFilters, isFirstPage: boolean, choices: AgentFormChoices) {
    const filtered = Boolean(filters.q || filters.dept || filters.status);
    return {
      ...adminPage('agents', this.base, 'Agents'),
      newUrl: `${this.base}/scp/admin/agents/new`,
      filters,
      clearUrl: filtered ? this.listUrl() : null,
      departments: choices.departments.map((d) => ({ id: d.id, name: d.name, selected: false })),
      statuses: (['active', 'locked', 'disabled'] as const).map((s) => ({ id: s, name: STATUS_LABELS[s].label, selected: false })),
      rows: page.agents.map((a) => this.row(a)),
      emptyText: filtered ? 'No agent matches these filters.' : 'No agents yet.',
      firstUrl: isFirstPage ? null : this.listUrl(filters),
      nextUrl: page.nextBefore ? this.listUrl({ ...filters, before: page.nextBefore }) : null,
    };
  }

  private row(agent: Staff) {
    const status = STATUS_LABELS[agentStatus(agent)];
    return {
      id: agent.id, name: agent.name, username: agent.username, email: agent.email, department: agent.department.name,
      role: agent.role.name, roleDisabled: !agent.role.isActive, isAdmin: agent.isAdmin, onVacation: agent.onVacation, status: status.label, statusBadge: status.badge,
      isDisabled: !agent.isActive, editUrl: this.agentUrl(agent.id),
    };
  }

  /** The create or edit form; `details` is null for a new agent. */
  form(choices: AgentFormChoices, details: AgentPageDetails | null, values: AgentFormValues, errors: FormErrors, reset: PasswordFormState = { errors: {}, generatePassword: true }) {
    const agent = details?.agent ?? null;
    const title = agent ? `Agent: ${agent.name}` : 'New agent';
    const rows = [...values.extRows, ...Array.from({ length: EMPTY_ACCESS_ROWS }, () => ({ dept: '', role: '' }))];
    return {
      ...adminPage('agents', this.base, title),
      isNew: !agent,
      action: agent ? this.agentUrl(agent.id) : `${this.base}/scp/admin/agents`,
      listUrl: this.listUrl(),
      agent: agent && {
        id: agent.id, name: agent.name, username: agent.username, status: STATUS_LABELS[agentStatus(agent)].label,
        statusBadge: STATUS_LABELS[agentStatus(agent)].badge, lastLoginAt: agent.lastLoginAt?.toISOString() ?? null,
        createdAt: agent.createdAt.toISOString(), passwordUrl: this.agentUrl(agent.id, 'password'), deleteUrl: this.agentUrl(agent.id, 'delete'),
        twoFactorOn: details?.twoFactorOn ?? false, twoFactorOffUrl: this.agentUrl(agent.id, 'two-factor/disable'),
      },
      form: { values, errors },
      reset,
      departments: choices.departments.map((d) => ({ id: d.id, name: d.isActive ? d.name : `${d.name} (disabled)`, selected: false })),
      roles: roleChoices(choices, details),
      accessRows: rows.map((row, i) => ({
        dept: row.dept, role: row.role, deptFieldId: `agent-ext-dept-${i + 1}`, roleFieldId: `agent-ext-role-${i + 1}`,
        deptLabel: `Department ${i + 1}`, roleLabel: `Role in department ${i + 1}`,
      })),
      teams: choices.teams.map((t) => ({ id: t.id, name: t.name, fieldId: `agent-team-${t.id}`, checked: values.teamIds.includes(String(t.id)) })),
    };
  }

  /** The page that shows a generated password once. */
  secretOnce(agent: Staff, password: string, created: boolean) {
    return {
      ...adminPage('agents', this.base, created ? `Agent ${agent.name} created` : `New password for ${agent.name}`),
      created, name: agent.name, username: agent.username, password, editUrl: this.agentUrl(agent.id), listUrl: this.listUrl(),
    };
  }
}
