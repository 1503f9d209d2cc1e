import { Injectable } from '@nestjs/common';
import type { FormErrors } from '../common/view-models';
import { AppConfig } from '../config/app-config';
import { adminPage } from '../admin/admin-nav';
import type { AutoAssignOverview } from './auto-assign-admin.service';
import { AUTO_ASSIGN_MODE_LABELS, AUTO_ASSIGN_MODES } from './choose-agent';

/** One select of the page: its field name, label, what it shows now (a 422 keeps what was posted) and its error. */
interface RowVM {
  id: string;
  name: string;
  label: string;
  hint: string | null;
  value: string;
  error: string | undefined;
  isActive: boolean;
}

/** Builds /scp/admin/auto-assign's view-model. */
@Injectable()
export class AutoAssignPresenter {
  constructor(private readonly config: AppConfig) {}

  url = () => `${this.config.basePath.replace(/\/+$/, '')}/scp/admin/auto-assign`;

  /** The page; `submitted` and `errors` are a refused post's, to show what was chosen and what was wrong. */
  page(overview: AutoAssignOverview, submitted: Record<string, unknown> = {}, errors: FormErrors = {}) {
    const row = (kind: string, id: number, label: string, current: string, hint: string | null, isActive: boolean): RowVM => {
      const name = `${kind}_${id}`;
      const posted = submitted[name];
      return { id: `aa-${kind}-${id}`, name, label, hint, value: typeof posted === 'string' ? posted : current, error: errors[name], isActive };
    };
    const disabled = (isActive: boolean, extra: string | null = null) => [isActive ? null : 'Disabled', extra].filter(Boolean).join(' · ') || null;
    return {
      ...adminPage('auto-assign', this.config.basePath, 'Auto-assignment'),
      action: this.url(),
      hasErrors: Object.keys(errors).length > 0,
      modeOptions: AUTO_ASSIGN_MODES.map((mode) => ({ id: mode, name: AUTO_ASSIGN_MODE_LABELS[mode], selected: false })),
      scheduleOptions: overview.schedules.map((s) => ({ id: s.id, name: s.name, selected: false })),
      departments: overview.departments.map((d) => row('department', d.id, d.name, d.mode, disabled(d.isActive), d.isActive)),
      teams: overview.teams.map((t) => row('team', t.id, t.name, t.mode, disabled(t.isActive), t.isActive)),
      agents: overview.agents.map((a) => row('agent', a.id, a.name, a.scheduleId === null ? '' : String(a.scheduleId), disabled(a.isActive, a.departmentName), a.isActive)),
    };
  }
}
