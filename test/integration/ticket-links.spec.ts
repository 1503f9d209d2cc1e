import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketLink } from '../../src/ticket-links/ticket-links.entities';
import { TicketLinksService } from '../../src/ticket-links/ticket-links.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { createTestApp, TestApp } from '../support/create-test-app';
import { testDbKind } from '../support/test-db';

describe(`ticket links (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let links: TicketLinksService;

  const open = async (subject: string) =>
    (await t.app.get(TicketIntakeService).open({ email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject, message: `About ${subject}`, source: 'web', uploads: [] })).id;
  const events = (ticketId: number, event: string) => db.getRepository(ThreadEntry).find({ where: { ticketId, event: event as ThreadEntry['event'] & string }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
    links = t.app.get(TicketLinksService);
  });
  afterAll(() => t?.close());

  it('links two tickets both ways with an event on each thread, once', async () => {
    const a = await open('Printer on fire');
    const b = await open('Printer still on fire');
    expect(await db.transaction((m) => links.link(m, b, a, 'Follow-up by mail to a closed ticket'))).toBe(true);
    expect(await db.transaction((m) => links.link(m, a, b, 'again'))).toBe(false);

    const rows = await db.getRepository(TicketLink).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.ticketId, r.linkedTicketId, r.kind, r.reason])).toEqual([
      [b, a, 'related', 'Follow-up by mail to a closed ticket'],
      [a, b, 'related', 'Follow-up by mail to a closed ticket'],
    ]);
    const [onA] = await events(a, 'linked');
    const [onB] = await events(b, 'linked');
    expect(onA.body).toMatch(/^System linked this ticket to #\d+ \(Follow-up by mail to a closed ticket\)$/);
    expect(onB.data).toEqual({ ticketId: a, number: expect.any(String) });
    expect((await links.listFor(a)).map((l) => [l.kind, l.ticket.id])).toEqual([['related', b]]);
  });

  it('refuses a link to itself or to a ticket that does not exist, writing nothing', async () => {
    const a = await open('Lonely ticket');
    expect(await db.transaction((m) => links.link(m, a, a, 'self'))).toBe(false);
    expect(await db.transaction((m) => links.link(m, a, 999_999, 'ghost'))).toBe(false);
    expect(await db.getRepository(TicketLink).countBy({ ticketId: a })).toBe(0);
    expect(await events(a, 'linked')).toHaveLength(0);
  });

  it('unlinks both ways with events, and records a merge pointer', async () => {
    const a = await open('Unlink me');
    const b = await open('Unlink me too');
    await db.transaction((m) => links.link(m, a, b, ''));
    expect(await db.transaction((m) => links.unlink(m, b, a, { staffId: null, name: 'Jane Roe' }))).toBe(true);
    expect(await db.getRepository(TicketLink).countBy({ ticketId: a })).toBe(0);
    expect((await events(a, 'unlinked'))[0].body).toMatch(/^Jane Roe removed the link to #/);
    expect(await db.transaction((m) => links.unlink(m, b, a, { staffId: null, name: 'Jane Roe' }))).toBe(false);

    await db.transaction((m) => links.recordMerge(m, a, b, new Date()));
    expect(await links.mergedInto(a)).toBe(b);
    expect(await links.mergedInto(b)).toBeNull();
  });
});
