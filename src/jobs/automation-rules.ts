import { AutomationConfig, AutomationKind, AutomationRule, AUTOMATION_KINDS, AutoCloseConfig, EscalateConfig } from './jobs.entities';

/** What the admin form gives the service, already typed; the fields of the other kind are ignored. */
export interface AutomationInput {
  name: string;
  kind: AutomationKind;
  isActive: boolean;
  days: number | null;
  fromStatusId: number | null;
  toStatusId: number | null;
  hours: number | null;
  departmentId: number | null;
  assignStaffId: number | null;
  assignTeamId: number | null;
  transferDepartmentId: number | null;
  raisePriority: boolean;
  alert: boolean;
}

export const MAX_RULE_NAME_CHARS = 120;
export const DAYS_RANGE = { min: 1, max: 365 } as const;
export const HOURS_RANGE = { min: 1, max: 720 } as const;

const inRange = (v: number | null, r: { min: number; max: number }): boolean => v !== null && Number.isInteger(v) && v >= r.min && v <= r.max;

/**
 * Field -> message for a rule, before any lookup: auto-close needs 1-365 days and two different statuses;
 * escalation needs 1-720 business hours and at least one action.
 */
export function validateAutomation(input: AutomationInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!AUTOMATION_KINDS.includes(input.kind)) errors.kind = 'Choose what the rule does.';
  if (input.name.trim() === '' || input.name.length > MAX_RULE_NAME_CHARS) errors.name = `Enter a name (up to ${MAX_RULE_NAME_CHARS} characters).`;
  if (input.kind === 'auto_close') {
    if (!inRange(input.days, DAYS_RANGE)) errors.days = `Enter a whole number of days from ${DAYS_RANGE.min} to ${DAYS_RANGE.max}.`;
    if (input.fromStatusId === null) errors.fromStatusId = 'Choose the status tickets wait in.';
    if (input.toStatusId === null) errors.toStatusId = 'Choose the status tickets move to.';
    else if (input.toStatusId === input.fromStatusId) errors.toStatusId = 'Choose a status other than the one tickets wait in.';
  }
  if (input.kind === 'escalate') {
    if (!inRange(input.hours, HOURS_RANGE)) errors.hours = `Enter a whole number of business hours from ${HOURS_RANGE.min} to ${HOURS_RANGE.max}.`;
    const acts = input.assignStaffId !== null || input.assignTeamId !== null || input.transferDepartmentId !== null || input.raisePriority || input.alert;
    if (!acts) errors.actions = 'Choose at least one action: assign, transfer, raise the priority or alert.';
  }
  return errors;
}

/** The stored config of a valid input. */
export function automationConfig(input: AutomationInput): AutomationConfig {
  if (input.kind === 'auto_close') {
    return { days: input.days!, fromStatusId: input.fromStatusId!, toStatusId: input.toStatusId! } satisfies AutoCloseConfig;
  }
  const actions: EscalateConfig['actions'] = {};
  if (input.assignStaffId !== null) actions.assignStaffId = input.assignStaffId;
  if (input.assignTeamId !== null) actions.assignTeamId = input.assignTeamId;
  if (input.transferDepartmentId !== null) actions.transferDepartmentId = input.transferDepartmentId;
  if (input.raisePriority) actions.raisePriority = true;
  if (input.alert) actions.alert = true;
  return { hours: input.hours!, departmentId: input.departmentId, actions } satisfies EscalateConfig;
}

/** A stored rule as form input (to edit it, or to audit it field by field). */
export function automationInput(rule: AutomationRule): AutomationInput {
  const base = { name: rule.name, kind: rule.kind, isActive: rule.isActive };
  const none = { days: null, fromStatusId: null, toStatusId: null, hours: null, departmentId: null, assignStaffId: null, assignTeamId: null, transferDepartmentId: null, raisePriority: false, alert: false };
  if (rule.kind === 'auto_close') {
    const c = rule.config as AutoCloseConfig;
    return { ...base, ...none, days: c.days, fromStatusId: c.fromStatusId, toStatusId: c.toStatusId };
  }
  const c = rule.config as EscalateConfig;
  return {
    ...base, ...none, hours: c.hours, departmentId: c.departmentId,
    assignStaffId: c.actions.assignStaffId ?? null, assignTeamId: c.actions.assignTeamId ?? null,
    transferDepartmentId: c.actions.transferDepartmentId ?? null, raisePriority: c.actions.raisePriority ?? false, alert: c.actions.alert ?? false,
  };
}
