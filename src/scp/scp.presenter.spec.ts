import type { Attachment } from '../attachments/attachment.entity';
import type { AppConfig } from '../config/app-config';
import type { ThreadEntry } from '../threads/thread-entry.entity';
import type { Ticket } from '../tickets/ticket.entity';
import { ScpPresenter, TicketPageData } from './scp.presenter';

const presenter = new ScpPresenter({ basePath: '/osTicket' } as AppConfig);
const counts = { open: 12, mine: 0, closed: 1000 };
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
  it('builds the queue nav with base-path urls and caps counts at "999+"', () => {
    expect(presenter.nav(counts, 'mine')).toEqual([
      { key: 'open', name: 'Open', countLabel: '12', url: '/osTicket/scp/tickets?queue=open', active: false },
      { key: 'mine', name: 'My Tickets', countLabel: '0', url: '/osTicket/scp/tickets?queue=mine', active: true },
      { key: 'closed', name: 'Closed', countLabel: '999+', url: '/osTicket/scp/tickets?queue=closed', active: false },
    ]);
  });

  it('links the next keyset page, and the first page once past it', () => {
    const first = presenter.queue('open', null, { tickets: [ticket()], nextBefore: 42 }, counts);
    expect(first.nextUrl).toBe('/osTicket/scp/tickets?queue=open&before=42');
    expect(first.firstUrl).toBeNull();
    const last = presenter.queue('closed', 42, { tickets: [], nextBefore: null }, counts);
    expect(last.nextUrl).toBeNull();
    expect(last.firstUrl).toBe('/osTicket/scp/tickets?queue=closed');
    expect(last.emptyMessage).toBe('No closed tickets yet.');
  });

  it('maps a queue row', () => {
    const [row] = presenter.queue('open', null, { tickets: [ticket()], nextBefore: null }, counts).rows;
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
    expect(vm.forms.reply).toEqual({ values: { message: '', statusId: '' }, errors: {} });
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
