import { Attachment } from '../attachments/attachment.entity';
import { AppConfig } from '../config/app-config';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { NEW_TICKET_MESSAGE } from '../settings/reopen-policy';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadView } from '../threads/thread.service';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { Ticket } from '../tickets/ticket.entity';
import { grantTicketAccess, NO_REPLY_HINT, PortalPresenter, REOPEN_HINT } from './portal.presenter';

const presenter = new PortalPresenter({ basePath: '/osTicket' } as AppConfig);
const limits = { maxFiles: 5, maxMegabytes: 10 };

const status = (over: Partial<TicketStatus>): TicketStatus =>
  Object.assign(new TicketStatus(), { id: 1, name: 'Open', state: 'open', isReopenable: false, pausesSla: false, isDefault: true, sort: 1, ...over });

function ticket(st: TicketStatus = status({})): Ticket {
  return Object.assign(new Ticket(), {
    id: 7, number: '123456', subject: 'Printer on fire', userId: 3, state: st.state, status: st,
    createdAt: new Date('2026-11-23T14:05:00Z'), helpTopic: { fullName: 'Report a Problem' }, department: { name: 'Support' },
    user: { email: 'karen@example.com', name: 'Karen' },
  });
}

function entry(id: number, type: ThreadEntry['type'], body: string): ThreadEntry {
  return Object.assign(new ThreadEntry(), { id, type, body, posterName: `poster ${id}`, title: type === 'note' ? 'Secret' : null, createdAt: new Date(Date.UTC(2026, 10, 23, 14, id)) });
}

describe('PortalPresenter', () => {
  it('builds the open form with public topics, the typed values and the selected topic', () => {
    const topics = [{ id: 1, fullName: 'General Inquiry' }, { id: 3, fullName: 'Report a Problem' }] as HelpTopic[];
    const values = presenter.openValues({ email: 'a@b.c', name: 'Ann', topicId: '3', subject: ['x', 'y'], message: 'hi', extra: 'dropped' });
    const vm = presenter.open(topics, limits, values, { subject: 'Issue summary is required.' });
    expect(vm.topics).toEqual([{ id: 1, name: 'General Inquiry', selected: false }, { id: 3, name: 'Report a Problem', selected: true }]);
    expect(vm.form.values).toEqual({ email: 'a@b.c', name: 'Ann', phone: '', topicId: '3', subject: '', message: 'hi' });
    expect(vm.form.errors).toEqual({ subject: 'Issue summary is required.' });
    expect(vm.limits).toBe(limits);
  });

  it('builds the thanks page with a link under the base path', () => {
    expect(presenter.thanks(ticket()).ticket).toEqual({ number: '123456', subject: 'Printer on fire', email: 'karen@example.com', url: '/osTicket/tickets/123456' });
  });

  it('keeps only the typed email and number on the status form', () => {
    const vm = presenter.status({ email: 'k@x.y', number: { $ne: 1 } }, 'notice');
    expect(vm.form.values).toEqual({ email: 'k@x.y', number: '', linkEmail: '' });
    expect(vm.notice).toBe('notice');
  });

  describe('ticket page', () => {
    const thread: ThreadView = {
      entries: [entry(1, 'message', 'help'), entry(2, 'event', 'John assigned'), entry(3, 'note', 'internal'), entry(4, 'response', 'fixed')],
      attachmentsByEntry: new Map([
        [1, [Object.assign(new Attachment(), { id: 9, fileName: 'log.txt', size: 1258291 })]],
        [3, [Object.assign(new Attachment(), { id: 10, fileName: 'secret.txt', size: 12 })]],
      ]),
    };

    it('shows messages and agent replies only, oldest first, with their files', () => {
      const vm = presenter.ticket(ticket(), thread, limits);
      expect(vm.entries.map((e) => [e.id, e.kind])).toEqual([[1, 'message'], [4, 'response']]);
      expect(vm.entries[0]).toEqual({
        id: 1, kind: 'message', authorName: 'poster 1', createdAt: '2026-11-23T14:01:00.000Z', title: null, body: 'help', eventText: null,
        attachments: [{ id: 9, name: 'log.txt', sizeLabel: '1.2 MB', url: '/osTicket/attachments/9' }], isNew: false,
      });
      expect(vm.ticket).toMatchObject({ number: '123456', statusName: 'Open', isClosed: false, topicName: 'Report a Problem', departmentName: 'Support', replyUrl: '/osTicket/tickets/123456/reply' });
      expect(vm.reply).toEqual({ values: { message: '' }, errors: {}, allowed: true, hint: null });
    });

    it('says a reply reopens a resolved ticket', () => {
      const vm = presenter.ticket(ticket(status({ id: 4, name: 'Resolved', state: 'closed', isReopenable: true })), thread, limits);
      expect(vm.ticket.isClosed).toBe(true);
      expect(vm.reply).toMatchObject({ allowed: true, hint: REOPEN_HINT });
    });

    it('refuses replies on a closed status that cannot be reopened, pointing to a new ticket', () => {
      const vm = presenter.ticket(ticket(status({ id: 8, name: 'Closed (final)', state: 'closed', isReopenable: false })), thread, limits, { message: 'draft', errors: {} });
      expect(vm.reply.allowed).toBe(false);
      expect(vm.reply.hint).toMatch(/open a new ticket/i);
      expect(vm.reply.values.message).toBe('draft');
    });

    it('under the "new ticket" reopen policy, refuses replies on a resolved ticket with the same words as the POST', () => {
      const resolved = ticket(status({ id: 4, name: 'Resolved', state: 'closed', isReopenable: true }));
      const vm = presenter.ticket(resolved, thread, limits, undefined, 'new_ticket');
      expect(vm.reply).toMatchObject({ allowed: false, hint: NEW_TICKET_MESSAGE });
      expect(presenter.ticket(ticket(), thread, limits, undefined, 'new_ticket').reply).toMatchObject({ allowed: true, hint: null });
    });

    it('refuses replies on an archived ticket in words an end user can act on', () => {
      const vm = presenter.ticket(ticket(status({ id: 6, name: 'Archived', state: 'archived' })), thread, limits);
      expect(vm.reply).toMatchObject({ allowed: false, hint: NO_REPLY_HINT });
    });

    it('points a merged ticket to its survivor (its number only when the visitor may open it) and takes no reply', () => {
      const closed = ticket(status({ id: 5, name: 'Closed', state: 'closed', isReopenable: true }));
      const vm = presenter.ticket(closed, thread, limits, undefined, 'reopen', [], { id: 50, number: '100050' });
      expect(vm.mergedInto).toEqual({ number: '100050', url: '/osTicket/tickets/100050' });
      expect(vm.reply).toMatchObject({ allowed: false, hint: null });
      expect(presenter.ticket(closed, thread, limits, undefined, 'reopen', [], 'hidden').mergedInto).toEqual({ number: null, url: null });
      expect(presenter.ticket(closed, thread, limits).mergedInto).toBeNull();
    });
  });
});

describe('grantTicketAccess', () => {
  it('starts access for a visitor without any', () => {
    expect(grantTicketAccess(undefined, { email: ' Karen@Example.com', userId: 3, ticketId: 7 })).toEqual({ email: 'karen@example.com', userId: 3, ticketIds: [7] });
  });

  it('adds tickets of the same person once', () => {
    const current = { email: 'karen@example.com', userId: 3, ticketIds: [7] };
    expect(grantTicketAccess(current, { email: 'karen@example.com', userId: 3, ticketId: 8 }).ticketIds).toEqual([7, 8]);
    expect(grantTicketAccess(current, { email: 'karen@example.com', userId: 3, ticketId: 7 }).ticketIds).toEqual([7]);
  });

  it('replaces access that belonged to another address', () => {
    const current = { email: 'karen@example.com', userId: 3, ticketIds: [7] };
    expect(grantTicketAccess(current, { email: 'bob@example.com', userId: 4, ticketId: 9 })).toEqual({ email: 'bob@example.com', userId: 4, ticketIds: [9] });
  });
});
