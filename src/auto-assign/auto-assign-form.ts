import type { FormErrors } from '../common/view-models';
import { AutoAssignMode, isAutoAssignMode } from './choose-agent';

/**
 * The auto-assignment page posts one field per row: `department_<id>` and `team_<id>` (a mode) and
 * `agent_<id>` (a schedule id, '' for always working). Rows not posted stay as they are.
 */
export interface AutoAssignSettingsInput {
  departments: Map<number, AutoAssignMode>;
  teams: Map<number, AutoAssignMode>;
  agentSchedules: Map<number, number | null>;
}

export type AutoAssignFormResult = { ok: true; value: AutoAssignSettingsInput } | { ok: false; errors: FormErrors };

const FIELD = /^(department|team|agent)_([1-9]\d{0,9})$/;
const ID = /^[1-9]\d{0,9}$/;
export const MODE_MESSAGE = 'Choose Off, Round-robin or Fewest open tickets.';
export const SCHEDULE_MESSAGE = 'Choose a schedule from the list, or Always.';

/** Reads the posted rows; any bad value fails the whole form (nothing is saved), with a message per field. */
export function parseAutoAssignForm(body: unknown): AutoAssignFormResult {
  const value: AutoAssignSettingsInput = { departments: new Map(), teams: new Map(), agentSchedules: new Map() };
  const errors: FormErrors = {};
  const entries = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.entries(body) : [];
  for (const [key, raw] of entries) {
    const match = FIELD.exec(key);
    if (!match) continue; // _csrf and anything else the page does not post
    const [, kind, idText] = match;
    const id = Number(idText);
    if (kind === 'agent') {
      if (raw === '') value.agentSchedules.set(id, null);
      else if (typeof raw === 'string' && ID.test(raw)) value.agentSchedules.set(id, Number(raw));
      else errors[key] = SCHEDULE_MESSAGE;
    } else if (isAutoAssignMode(raw)) {
      (kind === 'department' ? value.departments : value.teams).set(id, raw);
    } else {
      errors[key] = MODE_MESSAGE;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}
