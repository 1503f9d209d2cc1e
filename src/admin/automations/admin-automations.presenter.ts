import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { automationInput } from '../../jobs/automation-rules';
import { AutomationChoices } from '../../jobs/automation-rules.service';
import { AutoCloseConfig, AutomationKind, AutomationRule, EscalateConfig, JobOutcome, JobRun } from '../../jobs/jobs.entities';
import { adminPage } from '../admin-nav';

export interface AutomationFormValues {
  name: string;
  kind: string;
  isActive: boolean;
  days: string;
  fromStatusId: string;
  toStatusId: string;
  hours: string;
  departmentId: string;
  assignStaffId: string;
  assignTeamId: string;
  transferDepartmentId: string;
  raisePriority: boolean;
  alert: boolean;
}

const KIND_LABELS: Record<AutomationKind, string> = { auto_close: 'Auto-close', escalate: 'Escalate' };
const JOB_LABELS: Record<string, string> = { automations: 'Automations', 'sla.overdue': 'Overdue marking' };
const OUTCOME_BADGES: Record<JobOutcome, string> = { ok: 'badge-ok', failed: 'badge-warn', skipped: 'badge-muted', running: 'badge-muted' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** View-models of the automations pages. */
@Injectable()
export class AdminAutomationsPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/automations${path}`;
  }

  list(rules: AutomationRule[], runs: JobRun[], choices: AutomationChoices) {
    return {
      ...adminPage('automations', this.config.basePath, 'Automations'),
      newAutoCloseUrl: this.url('/new?kind=auto_close'),
      newEscalateUrl: this.url('/new?kind=escalate'),
      rules: rules.map((r) => ({
        id: r.id,
        name: r.name,
        kindLabel: KIND_LABELS[r.kind],
        description: this.describe(r, choices),
        isActive: r.isActive,
        editUrl: this.url(`/${r.id}`),
        toggle: { url: this.url(`/${r.id}/${r.isActive ? 'disable' : 'enable'}`), label: r.isActive ? 'Disable' : 'Enable' },
        delete: { url: this.url(`/${r.id}/delete`), confirm: `Delete the automation rule “${r.name}”?` },
      })),
      runs: runs.map((run) => ({
        job: JOB_LABELS[run.name] ?? run.name,
        startedAt: run.startedAt.toISOString(),
        finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
        outcome: run.outcome,
        badge: OUTCOME_BADGES[run.outcome] ?? 'badge-muted',
        summary: run.summary,
        holder: run.holder,
      })),
    };
  }

  form(choices: AutomationChoices, values: AutomationFormValues, errors: FormErrors = {}, existing: AutomationRule | null = null) {
    const kind = (existing?.kind ?? values.kind) as AutomationKind;
    const option = (id: number, name: string) => ({ id: String(id), name, selected: false });
    return {
      ...adminPage('automations', this.config.basePath, existing ? `Edit “${existing.name}”` : 'New automation rule'),
      heading: existing ? `Edit ${KIND_LABELS[kind].toLowerCase()} rule` : `New ${KIND_LABELS[kind].toLowerCase()} rule`,
      action: existing ? this.url(`/${existing.id}`) : this.url(),
      listUrl: this.url(),
      submitLabel: existing ? 'Save changes' : 'Create rule',
      isAutoClose: kind === 'auto_close',
      kind,
      form: { values, errors },
      statuses: choices.statuses.map((s) => option(s.id, `${s.name} (${s.state})`)),
      closedStatuses: choices.statuses.filter((s) => s.state === 'closed').map((s) => option(s.id, s.name)),
      departments: choices.departments.map((d) => option(d.id, d.isActive ? d.name : `${d.name} (disabled)`)),
      activeDepartments: choices.departments.filter((d) => d.isActive).map((d) => option(d.id, d.name)),
      agents: choices.agents.map((s) => option(s.id, s.name)),
      teams: choices.teams.map((t) => option(t.id, t.name)),
      delete: existing ? { url: this.url(`/${existing.id}/delete`), confirm: `Delete the automation rule “${existing.name}”?` } : null,
    };
  }

  /** A new rule's form: Resolved -> Closed after 7 days; escalation after 8 business hours with an alert. */
  defaults(kind: AutomationKind, choices: AutomationChoices): AutomationFormValues {
    const byName = (name: string) => String(choices.statuses.find((s) => s.name === name)?.id ?? '');
    return {
      name: '', kind, isActive: true, days: kind === 'auto_close' ? '7' : '', fromStatusId: byName('Resolved'), toStatusId: byName('Closed'),
      hours: kind === 'escalate' ? '8' : '', departmentId: '', assignStaffId: '', assignTeamId: '', transferDepartmentId: '', raisePriority: false, alert: kind === 'escalate',
    };
  }

  values(rule: AutomationRule): AutomationFormValues {
    const i = automationInput(rule);
    const text = (v: number | null) => (v === null ? '' : String(v));
    return {
      name: i.name, kind: i.kind, isActive: i.isActive, days: text(i.days), fromStatusId: text(i.fromStatusId), toStatusId: text(i.toStatusId),
      hours: text(i.hours), departmentId: text(i.departmentId), assignStaffId: text(i.assignStaffId), assignTeamId: text(i.assignTeamId),
      transferDepartmentId: text(i.transferDepartmentId), raisePriority: i.raisePriority, alert: i.alert,
    };
  }

  private describe(rule: AutomationRule, choices: AutomationChoices): string {
    const status = (id: number) => choices.statuses.find((s) => s.id === id)?.name ?? `status #${id}`;
    const department = (id: number) => choices.departments.find((d) => d.id === id)?.name ?? `department #${id}`;
    if (rule.kind === 'auto_close') {
      const c = rule.config as AutoCloseConfig;
      return `${status(c.fromStatusId)} → ${status(c.toStatusId)} after ${plural(c.days, 'day')} without a reply`;
    }
    const c = rule.config as EscalateConfig;
    const actions = [
      c.actions.assignStaffId !== undefined ? `assign to ${choices.agents.find((s) => s.id === c.actions.assignStaffId)?.name ?? 'an inactive agent'}` : null,
      c.actions.assignTeamId !== undefined ? `assign to the team ${choices.teams.find((t) => t.id === c.actions.assignTeamId)?.name ?? '(inactive)'}` : null,
      c.actions.transferDepartmentId !== undefined ? `transfer to ${department(c.actions.transferDepartmentId)}` : null,
      c.actions.raisePriority ? 'raise the priority' : null,
      c.actions.alert ? 'alert' : null,
    ].filter(Boolean);
    const scope = c.departmentId === null ? 'any department' : department(c.departmentId);
    return `After ${plural(c.hours, 'business hour')} without an agent response (${scope}): ${actions.join(', ')}`;
  }
}

/** What was typed, to put back in the form after a refusal. */
export function typedAutomationValues(body: Record<string, unknown>, kind: string): AutomationFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const box = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value) === '1';
  return {
    name: text(body.name), kind, isActive: box(body.isActive), days: text(body.days), fromStatusId: text(body.fromStatusId), toStatusId: text(body.toStatusId),
    hours: text(body.hours), departmentId: text(body.departmentId), assignStaffId: text(body.assignStaffId), assignTeamId: text(body.assignTeamId),
    transferDepartmentId: text(body.transferDepartmentId), raisePriority: box(body.raisePriority), alert: box(body.alert),
  };
}
