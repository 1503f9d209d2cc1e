import type { Ticket } from '../tickets/ticket.entity';

/** The export's columns, in order. */
export const CSV_HEADER = [
  'Number', 'Subject', 'From', 'Email', 'Status', 'Priority', 'Department', 'Help topic', 'Agent', 'Team', 'SLA plan', 'Source',
  'Created', 'Last update', 'Due', 'Overdue', 'Answered',
];

/**
 * A cell safe to open in a spreadsheet: text starting with = + - @ (or a tab or carriage return, which
 * some spreadsheets skip before reading a formula) gets a leading apostrophe, so it is never run as a
 * formula (CSV injection).
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');

/** One ticket as a CSV row (needs user, status, priority, department, assignee, team, helpTopic, slaPlan loaded). */
export function ticketCsvRow(t: Ticket): string[] {
  return [
    t.number, t.subject, t.user.name, t.user.email, t.status.name, t.priority.name, t.department.name, t.helpTopic?.fullName ?? '',
    t.assignee?.name ?? '', t.team?.name ?? '', t.slaPlan?.name ?? '', t.source, iso(t.createdAt), iso(t.updatedAt), iso(t.slaDueAt),
    t.isOverdue ? 'yes' : 'no', t.isAnswered ? 'yes' : 'no',
  ].map(safeCell);
}
