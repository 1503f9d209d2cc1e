import { isValidLocalDate } from '../sla/business-hours';
import { TICKET_SOURCES, TicketSource } from './ticket.entity';

/**
 * An advanced search: every field optional ('' or null = any). The same shape is read from a search URL,
 * stored as a custom queue's JSON, and turned into SQL by the queue service. Pure.
 */
export interface TicketCriteria {
  /** Quick-search text: a ticket number, an email address, a name, or words of the subject and thread. */
  q: string;
  state: '' | 'open' | 'closed';
  statusId: number | null;
  departmentId: number | null;
  topicId: number | null;
  priorityId: number | null;
  staffId: number | null;
  teamId: number | null;
  slaPlanId: number | null;
  source: '' | TicketSource;
  /** Calendar days (YYYY-MM-DD) in the agent's time zone, both ends included. */
  createdFrom: string;
  createdTo: string;
  updatedFrom: string;
  updatedTo: string;
  dueFrom: string;
  dueTo: string;
  overdue: '' | 'yes' | 'no';
  answered: '' | 'yes' | 'no';
}

export const EMPTY_CRITERIA: TicketCriteria = {
  q: '', state: '', statusId: null, departmentId: null, topicId: null, priorityId: null, staffId: null, teamId: null,
  slaPlanId: null, source: '', createdFrom: '', createdTo: '', updatedFrom: '', updatedTo: '', dueFrom: '', dueTo: '',
  overdue: '', answered: '',
};

/** The longest quick-search text we read; longer is refused with a message. */
export const MAX_SEARCH_TEXT = 200;

const ID_FIELDS = ['statusId', 'departmentId', 'topicId', 'priorityId', 'staffId', 'teamId', 'slaPlanId'] as const;
const DATE_FIELDS = ['createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'dueFrom', 'dueTo'] as const;
const YES_NO = ['', 'yes', 'no'];

export type CriteriaResult = { ok: true; criteria: TicketCriteria } | { ok: false; criteria: TicketCriteria; errors: Record<string, string> };

/**
 * Reads criteria from URL query values (or a stored JSON object). Unknown keys are ignored; a value that
 * is not what its field takes gets a message for that field (the form re-renders with it), never a 500.
 */
export function parseCriteria(input: Record<string, unknown>): CriteriaResult {
  const criteria: TicketCriteria = { ...EMPTY_CRITERIA };
  const errors: Record<string, string> = {};
  const text = (name: string): string | null => {
    const v = input[name];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') {
      errors[name] = 'This field takes one value.';
      return null;
    }
    return v.trim();
  };

  const q = text('q');
  if (q !== null) {
    if (q.length > MAX_SEARCH_TEXT) errors.q = `Search for at most ${MAX_SEARCH_TEXT} characters.`;
    else criteria.q = q;
  }
  const state = text('state');
  if (state !== null) {
    if (state === '' || state === 'open' || state === 'closed') criteria.state = state;
    else errors.state = 'Choose open, closed or any.';
  }
  for (const field of ID_FIELDS) {
    const v = text(field);
    if (v === null || v === '') continue;
    if (/^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647) criteria[field] = Number(v);
    else errors[field] = 'Choose one of the listed values.';
  }
  const source = text('source');
  if (source !== null) {
    if (source === '' || (TICKET_SOURCES as readonly string[]).includes(source)) criteria.source = source as TicketCriteria['source'];
    else errors.source = 'Choose one of the listed sources.';
  }
  for (const field of DATE_FIELDS) {
    const v = text(field);
    if (v === null || v === '') continue;
    if (isValidLocalDate(v)) criteria[field] = v;
    else errors[field] = 'Enter a date as YYYY-MM-DD.';
  }
  for (const pair of [['createdFrom', 'createdTo'], ['updatedFrom', 'updatedTo'], ['dueFrom', 'dueTo']] as const) {
    const [from, to] = pair;
    if (criteria[from] && criteria[to] && criteria[from] > criteria[to] && !errors[to]) errors[to] = 'The end date comes before the start date.';
  }
  for (const field of ['overdue', 'answered'] as const) {
    const v = text(field);
    if (v === null) continue;
    if (YES_NO.includes(v)) criteria[field] = v as TicketCriteria['overdue'];
    else errors[field] = 'Choose yes, no or any.';
  }
  return Object.keys(errors).length === 0 ? { ok: true, criteria } : { ok: false, criteria, errors };
}

/** The criteria as URL query pairs, empty fields left out (for result links, paging and export). */
export function criteriaParams(criteria: TicketCriteria): [string, string][] {
  return Object.entries(criteria)
    .filter(([, v]) => v !== '' && v !== null)
    .map(([k, v]) => [k, String(v)]);
}

/** Whether the criteria ask for anything at all (an empty search lists nothing). */
export function hasCriteria(criteria: TicketCriteria): boolean {
  return criteriaParams(criteria).length > 0;
}
