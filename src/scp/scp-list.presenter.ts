import { Option } from '../common/view-models';
import type { CustomQueue } from '../search/saved-queues.service';
import { criteriaParams, TicketCriteria } from '../tickets/ticket-criteria';
import {
  COUNT_CAP, DEFAULT_COLUMNS, DEFAULT_SORT, encodeCursor, isDefaultSort, QUEUE_COLUMN_NAMES, QUEUE_COLUMNS, QUEUE_KEYS, QUEUE_NAMES,
  QueueColumn, QueueCursor, QueueKey, QueueSort, SORT_KEYS, SORT_NAMES, SortKey,
} from '../tickets/ticket-queue-rules';
import { defaultDir } from './dto/queue-query';
import { BulkFormVM, ListColumnVM, QueueNavItem, QueueRowVM, ScpQueueVM } from './scp.view-models';

/** Every queue's count for the navigation: the built-in ones and the agent's custom queues. */
export interface QueueCounts {
  builtin: Record<QueueKey, number>;
  custom: { id: number; name: string; count: number }[];
}

export const EMPTY_MESSAGES: Record<QueueKey, string> = {
  open: 'No open tickets. Nice work.',
  answered: 'No answered tickets waiting.',
  mine: 'Nothing is assigned to you.',
  teams: 'Nothing is assigned to your teams.',
  unassigned: 'Every open ticket has an owner.',
  overdue: 'Nothing is overdue.',
  awaiting: 'No ticket is waiting on a user.',
  closed: 'No closed tickets yet.',
};

/** The column heads a list can show, with the sort each one offers. */
const COLUMN_SORTS: Partial<Record<QueueColumn | 'number', SortKey>> = {
  number: 'number', subject: 'subject', priority: 'priority', due: 'due', updated: 'updated', created: 'created',
};

export const countLabel = (n: number) => (n > COUNT_CAP ? `${COUNT_CAP}+` : String(n));

/** The queue navigation: built-in queues, then custom ones. `url` adds the base path. */
export function queueNav(url: (path: string) => string, counts: QueueCounts, active: string | null): QueueNavItem[] {
  const builtin = QUEUE_KEYS.map((key) => ({
    key, name: QUEUE_NAMES[key], countLabel: countLabel(counts.builtin[key]), url: url(`/scp/tickets?queue=${key}`), active: key === active, isCustom: false,
  }));
  const custom = counts.custom.map((q) => ({
    key: `q${q.id}`, name: q.name, countLabel: countLabel(q.count), url: url(`/scp/tickets?queue=q${q.id}`), active: `q${q.id}` === active, isCustom: true,
  }));
  return [...builtin, ...custom];
}

/** Everything a list page needs besides its rows. */
export interface ListPageInput {
  title: string;
  key: string;
  /** The list's own URL without sort or cursor (base path included), e.g. `/scp/tickets?queue=open`. */
  baseUrl: string;
  exportUrl: string;
  sort: QueueSort;
  /** The order the list has when the URL names none. */
  ownSort: QueueSort;
  cursor: QueueCursor | null;
  next: QueueCursor | null;
  columns: QueueColumn[];
  emptyMessage: string;
  bulk: BulkFormVM;
  custom: CustomQueue | null;
  canDelete: boolean;
  deleteAction: string | null;
}

/** Builds a ticket list page (queue, custom queue or search results) from its rows. */
export function listPage(input: ListPageInput, rows: QueueRowVM[], nav: QueueNavItem[]): ScpQueueVM {
  const sortParams = (sort: QueueSort) => (sameSort(sort, input.ownSort) ? '' : `&sort=${sort.key}&dir=${sort.dir}`);
  const columns: ListColumnVM[] = (['number', ...input.columns] as const).map((key) => {
    const sortKey = COLUMN_SORTS[key] ?? null;
    const current = sortKey !== null && input.sort.key === sortKey;
    const nextSort: QueueSort | null = sortKey ? { key: sortKey, dir: current ? (input.sort.dir === 'asc' ? 'desc' : 'asc') : defaultDir(sortKey) } : null;
    return {
      key,
      label: key === 'number' ? 'Ticket' : QUEUE_COLUMN_NAMES[key],
      sortUrl: nextSort ? `${input.baseUrl}${sortParams(nextSort)}` : null,
      ariaSort: current ? (input.sort.dir === 'asc' ? 'ascending' : 'descending') : null,
    };
  });
  const here = `${input.baseUrl}${sortParams(input.sort)}`;
  let nextUrl: string | null = null;
  if (input.next) {
    nextUrl = isDefaultSort(input.sort) && sameSort(input.sort, input.ownSort)
      ? `${here}&before=${input.next.id}`
      : `${input.baseUrl}&sort=${input.sort.key}&dir=${input.sort.dir}&after=${encodeCursor(input.next)}`;
  }
  return {
    title: input.title,
    nav,
    queue: { key: input.key, name: input.title, isCustom: input.custom !== null, deleteAction: input.canDelete ? input.deleteAction : null, isShared: input.custom?.isShared ?? false },
    columns,
    show: Object.fromEntries(QUEUE_COLUMNS.map((c) => [c, input.columns.includes(c)])),
    rows,
    nextUrl,
    firstUrl: input.cursor === null ? null : here,
    emptyMessage: input.emptyMessage,
    exportUrl: `${input.exportUrl}${sortParams(input.sort)}`,
    bulk: input.bulk,
  };
}

const sameSort = (a: QueueSort, b: QueueSort) => a.key === b.key && a.dir === b.dir;

/** The query string of a search's criteria (for result links, export and paging), starting with `?`. */
export function criteriaQuery(criteria: TicketCriteria): string {
  const params = new URLSearchParams(criteriaParams(criteria));
  return `?${params.toString()}`;
}

export const columnChoices = (chosen: QueueColumn[] = DEFAULT_COLUMNS) => QUEUE_COLUMNS.map((c) => ({ key: c, label: QUEUE_COLUMN_NAMES[c], checked: chosen.includes(c) }));
export const sortChoices = (chosen: QueueSort = DEFAULT_SORT) =>
  SORT_KEYS.flatMap((key) => (['desc', 'asc'] as const).map((dir) => ({
    key: `${key}:${dir}`, label: `${SORT_NAMES[key]} (${dirName(key, dir)})`, selected: chosen.key === key && chosen.dir === dir,
  })));

function dirName(key: SortKey, dir: 'asc' | 'desc'): string {
  if (key === 'subject' || key === 'number') return dir === 'asc' ? 'A to Z' : 'Z to A';
  if (key === 'priority') return dir === 'asc' ? 'lowest first' : 'highest first';
  if (key === 'due') return dir === 'asc' ? 'soonest first' : 'latest first';
  return dir === 'asc' ? 'oldest first' : 'newest first';
}

export const options = (rows: { id: number; name: string }[], selected: number | null = null): Option[] => rows.map((r) => ({ id: r.id, name: r.name, selected: r.id === selected }));
