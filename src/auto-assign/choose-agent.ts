import { ScheduleSpec, workingIntervals } from '../sla/business-hours';

/**
 * Who gets a new ticket in a department or team. Pure: the candidates, their loads, the cursor and the
 * instant are passed in; nothing reads the clock or the database.
 */
export const AUTO_ASSIGN_MODES = ['off', 'round_robin', 'fewest_open'] as const;
export type AutoAssignMode = (typeof AUTO_ASSIGN_MODES)[number];

export const AUTO_ASSIGN_MODE_LABELS: Record<AutoAssignMode, string> = {
  off: 'Off',
  round_robin: 'Round-robin',
  fewest_open: 'Fewest open tickets',
};

export const isAutoAssignMode = (value: unknown): value is AutoAssignMode =>
  typeof value === 'string' && (AUTO_ASSIGN_MODES as readonly string[]).includes(value);

export interface Candidate {
  id: number;
  name: string;
  isActive: boolean;
  isLocked: boolean;
  onVacation: boolean;
  /** The agent's working hours; null: always working. */
  schedule: ScheduleSpec | null;
}

export interface ChooseInput {
  mode: Exclude<AutoAssignMode, 'off'>;
  /** The department or team, as named in the reason ("Support"). */
  groupName: string;
  candidates: Candidate[];
  /** Round-robin: the agent chosen last (the cursor), with a name for the reason; null: nobody yet. */
  lastAssigned: { id: number; name: string } | null;
  /** Fewest open: open tickets per agent id (missing means none). */
  openCounts: ReadonlyMap<number, number>;
  now: Date;
}

export type SkipReason = 'disabled' | 'locked' | 'on vacation' | 'outside working hours';

export interface Skipped {
  id: number;
  name: string;
  why: SkipReason;
}

export interface Choice {
  agent: { id: number; name: string } | null;
  /** "round-robin in Support: next after John Doe", or why nobody was chosen. */
  reason: string;
  skipped: Skipped[];
  /** The whole sentence for the thread. */
  text: string;
}

/** Whether an agent on `schedule` is working at `now` (null: always). Holidays count as time off. */
export function isWorkingAt(schedule: ScheduleSpec | null, now: Date): boolean {
  if (!schedule) return true;
  return workingIntervals(schedule, now, new Date(now.getTime() + 1)).length > 0;
}

/** Why an agent cannot take a ticket now, the most lasting reason first; null when they can. */
export function skipReason(c: Candidate, now: Date): SkipReason | null {
  if (!c.isActive) return 'disabled';
  if (c.isLocked) return 'locked';
  if (c.onVacation) return 'on vacation';
  if (!isWorkingAt(c.schedule, now)) return 'outside working hours';
  return null;
}

/**
 * Round-robin takes the first available agent with an id after the cursor, wrapping to the lowest id;
 * fewest open takes the available agent with the fewest open tickets, the lowest id on a tie. Agents who
 * are disabled, locked, on vacation or outside their working hours are skipped, and the reason says so.
 */
export function chooseAgent(input: ChooseInput): Choice {
  const sorted = [...input.candidates].sort((a, b) => a.id - b.id);
  const skipped: Skipped[] = [];
  const available: Candidate[] = [];
  for (const c of sorted) {
    const why = skipReason(c, input.now);
    if (why) skipped.push({ id: c.id, name: c.name, why });
    else available.push(c);
  }
  const skippedText = skipped.length > 0 ? `skipped ${skipped.map((s) => `${s.name} (${s.why})`).join(', ')}` : '';

  if (available.length === 0) {
    const reason = sorted.length === 0
      ? `nobody works in ${input.groupName}`
      : `nobody in ${input.groupName} can take it now`;
    return { agent: null, reason, skipped, text: `Not auto-assigned: ${reason}${skippedText ? `; ${skippedText}` : ''}.` };
  }

  let agent: Candidate;
  let reason: string;
  if (input.mode === 'round_robin') {
    const last = input.lastAssigned;
    agent = (last && available.find((c) => c.id > last.id)) || available[0];
    reason = last ? `round-robin in ${input.groupName}: next after ${last.name}` : `round-robin in ${input.groupName}: first in turn`;
  } else {
    const load = (c: Candidate) => input.openCounts.get(c.id) ?? 0;
    agent = available.reduce((best, c) => (load(c) < load(best) ? c : best));
    reason = `fewest open tickets in ${input.groupName} (${load(agent)})`;
  }
  return {
    agent: { id: agent.id, name: agent.name },
    reason,
    skipped,
    text: `Assigned to ${agent.name} by auto-assignment: ${reason}${skippedText ? `; ${skippedText}` : ''}.`,
  };
}
