import type { Attachment } from '../attachments/attachment.entity';
import type { AppConfig } from '../config/app-config';
import type { ThreadEntry } from '../threads/thread-entry.entity';
import type { Ticket } from '../tickets/ticket.entity';
import { QueueCounts } from './scp-list.presenter';
import { ScpPresenter, TicketPageData } from './scp.presenter';

const presenter = new ScpPresenter({ basePath: '/osTicket' } as AppConfig);
const counts: QueueCounts = {
  builtin: { open: 12, answered: 0, mine: 0, teams: 0, unassigned: 3, overdue: 0, awaiting: 0, closed: 1000 },
  custom: [{ id: 7, name: 'Printers', count: 2 }],
};
const at = (s: string) => new Date(`2026-03-0${s}T10:00:00Z`);

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 42, number: '100042', subject: 'Printer on fire', source: 'web', isAnswered: false, isOverdue: true,
    statusId: 2, priorityId: 4, departmentId: 1, helpTopicId: null, slaPlanId: 1, staffId: 7, teamId: null,
    status: { id: 2, name: 'In Progress', state: 'open' }, priority: { id: 4, name: 'Emergency', cssClass: 'emergency' },
    department: { id: 1, name: 'Support' }, helpTopic: null, slaPlan: { id: 1, name: 'Default SLA' },
    assignee: { id: 7, name: 'Jane Roe' }, user: { name: 'Karen', email: 'karen@example.com', phone: null },
    createdAt: at('1'), updatedAt: at('3'), lastMessageAt: at('2'), lastResponseAt: null, closedAt: null,
    ...overrides,
  } as unknown as Ticket;
}

function entry(id: number, type: ThreadEntry['type'], body: string, title: string | null = null): ThreadEntry {
  return { id, type, body, title, posterName: type === 'message' ? 'Karen' : 'John Doe', createdAt: at('1') } as ThreadEntry;
}

function pageData(): TicketPageData {
  const file = { id: 9, fileName: 'log.txt', size: 348_160 } as Attachment;
  return {
    ticket: ticket(),
    thread: {
      entries: [entry(1, 'message', 'Help'), entry(2, 'event', 'John Doe assigned the ticket to Jane Roe'), entry(3, 'note', 'Checked', 'Resolution note')],
      attachmentsByEntry: new Map([[1, [file]]]),
    },
    options: {
      statuses: [{ id: 1, name: 'Open' }, { id: 2, name: 'In Progress' }],
      priorities: [{ id: 2, name: 'Normal' }, { id: 4, name: 'Emergency' }],
      departments: [{ id: 1, name: 'Support' }, { id: 2, name: 'Sales' }],
      topics: [{ id: 4, fullName: 'Report a Problem / Access Issue' }],
      slaPlans: [{ id: 1, name: 'Default SLA' }],
      agents: [{ id: 5, name: 'John Doe' }, { id: 7, name: 'Jane Roe' }],
    } as unknown as TicketPageData['options'],
    counts,
    limits: { maxFiles: 5, maxMegabytes: 10 },
  };
}

describe('ScpPresenter', () => {
  it('builds the queue nav with base-path urls and caps counts at "999+", custom queues last', () => {
    const nav = presenter.nav(counts, 'mine');
    expect(nav.map((n) => [n.key, n.name, n.countLabel, n.active])).toEqual([
      ['open', 'Open', '12', false], ['answered', 'Answered', '0', false], ['mine', 'My Tickets', '0', true], ['teams', 'My Teams', '0', false],
      ['unassigned', 'Unassigned', '3', false], ['overdue', 'Overdue', '0', false], ['awaiting', 'Awaiting Response', '0', false],
      ['closed', 'Closed', '999+', false], ['q7', 'Printers', '2', false],
    ]);
    expect(nav[0].url).toBe('/osTicket/scp/tickets?queue=open');
    expect(nav[8]).toMatchObject({ url: '/osTicket/scp/tickets?queue=q7', isCustom: true });
  });

  it('maps a queue row', () => {
    const row = presenter.row(ticket());
    expect(row).toMatchObject({
      id: 42, number: '100042', userName: 'Karen', userEmail: 'karen@example.com', statusName: 'In Progress',
      priorityClass: 'priority-emergency', departmentName: 'Support', assigneeName: 'Jane Roe', isOverdue: true,
      url: '/osTicket/scp/tickets/42', createdAt: '2026-03-01T10:00:00.000Z', lastActivityAt: '2026-03-03T10:00:00.000Z',
    });
  });

  it('builds the ticket page: thread oldest first, current values selected, action base with the base path', () => {
    const vm = presenter.ticket(pageData());
    expect(vm.actionBase).toBe('/osTicket/scp/tickets/42');
    expect(vm.lastEntryId).toBe(3);
    expect(vm.entries.map((e) => [e.kind, e.eventText])).toEqual([['message', null], ['event', 'John Doe assigned the ticket to Jane Roe'], ['note', null]]);
    expect(vm.entries[2].title).toBe('Resolution note');
    expect(vm.entries[0].attachments).toEqual([{ id: 9, name: 'log.txt', sizeLabel: '340 KB', url: '/osTicket/scp/attachments/9' }]);
    const selected = (list: { id: number; selected: boolean }[]) => list.filter((o) => o.selected).map((o) => o.id);
    expect(selected(vm.options.statuses)).toEqual([2]);
    expect(selected(vm.options.priorities)).toEqual([4]);
    expect(selected(vm.options.departments)).toEqual([1]);
    expect(selected(vm.options.topics)).toEqual([]);
    expect(selected(vm.options.agents)).toEqual([7]);
    expect(vm.options.topics[0].name).toBe('Report a Problem / Access Issue');
    expect(vm.ticket).toMatchObject({ topicName: null, slaName: 'Default SLA', assigneeName: 'Jane Roe', statusState: 'open' });
    expect(vm.openForm).toBeNull();
    expect(vm.forms.reply).toEqual({ values: { message: '', statusId: '', appendSignature: '', cannedIds: '' }, errors: {} });
    expect(vm.entries.some((e) => e.isNew)).toBe(false);
    expect(vm.printUrl).toBe('/osTicket/scp/tickets/42/print');
  });

  it('highlights the entries after a stale form\'s lastEntryId, and ticks the signature by default', () => {
    const vm = presenter.ticket({ ...pageData(), hasSignature: true }, { seenEntryId: 1 });
    expect(vm.entries.map((e) => e.isNew)).toEqual([false, true, true]);
    expect(vm.newEntries).toBe(2);
    expect(vm.forms.reply.values.appendSignature).toBe('1');
    const unticked = presenter.ticket({ ...pageData(), hasSignature: true }, { form: { name: 'reply', values: { message: 'x' }, errors: {} } });
    expect(unticked.forms.reply.values.appendSignature).toBe('');
  });

  it('lists links with their urls, and the merge pointer as a banner', () => {
    const other = (id: number, kind: 'related' | 'merged_into') => ({ kind, reason: 'dup', ticket: { id, number: `1000${id}`, subject: `S${id}`, state: 'closed' } });
    const vm = presenter.ticket({ ...pageData(), links: [other(7, 'related'), other(8, 'merged_into')] });
    expect(vm.links).toEqual([
      { kind: 'related', number: '10007', subject: 'S7', url: '/osTicket/scp/tickets/7', reason: 'dup', isClosed: true, unlinkUrl: '/osTicket/scp/tickets/42/links/7/delete' },
      { kind: 'merged_into', number: '10008', subject: 'S8', url: '/osTicket/scp/tickets/8', reason: 'dup', isClosed: true, unlinkUrl: null },
    ]);
    expect(vm.mergedInto).toEqual({ number: '10008', url: '/osTicket/scp/tickets/8' });
  });

  it('keeps the failed form\'s typed values and errors, and opens it', () => {
    const vm = presenter.ticket(pageData(), {
      form: { name: 'status', values: { statusId: '99', comment: 'Fixed it', _csrf: 'x' }, errors: { statusId: 'Choose a status from the list.' } },
    });
    expect(vm.openForm).toBe('status');
    expect(vm.forms.status).toEqual({ values: { statusId: '99', comment: 'Fixed it' }, errors: { statusId: 'Choose a status from the list.' } });
    expect(vm.forms.reply.values.message).toBe('');
  });

  it('accepts only our own /scp paths as the place to return to after login', () => {
    expect(presenter.safeNext('/osTicket/scp/tickets/4?x=1')).toBe('/osTicket/scp/tickets/4?x=1');
    expect(presenter.safeNext('/osTicket/scp')).toBe('/osTicket/scp');
    for (const bad of ['//evil.example/scp', 'https://evil.example/osTicket/scp', '/osTicket/scpx', '/scp/tickets', '/osTicket/scp/\\evil', '/osTicket/admin', ['/osTicket/scp'], undefined]) {
      expect(presenter.safeNext(bad)).toBeNull();
    }
  });
});
