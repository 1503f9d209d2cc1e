import 'reflect-metadata';
import { In } from 'typeorm';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp } from '../support/create-test-app';
import { testDbKind } from '../support/test-db';

/**
 * SECURITY 8: ticket numbers are allocated under a lock, never MAX()+1. Fifty portal openings at once
 * (one Promise.all, so their transactions overlap on MariaDB's pool and queue on SQLite's one writer)
 * must give fifty distinct numbers and fifty complete tickets.
 */
describe(`ticket numbers under concurrent openings (${testDbKind})`, () => {
  const COUNT = 50;
  let t: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('give 50 parallel openings 50 distinct numbers and 50 rows, each with its message and "created" event', async () => {
    const intake = t.app.get(TicketIntakeService);
    const results = await Promise.allSettled(
      Array.from({ length: COUNT }, (_, i) =>
        intake.open({
          email: `parallel-${i}@example.com`, name: `Parallel User ${i}`, phone: null, topicId: 1,
          subject: `Parallel ticket ${i}`, message: `Opened in parallel, number ${i}.`, source: 'web', uploads: [],
        }),
      ),
    );
    // Report every failure with its message, so a broken transaction shows what the database said.
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`#${i}: ${String((r.reason as Error)?.stack ?? r.reason)}`] : []));
    expect(failures).toEqual([]);

    const tickets = results.map((r) => (r as PromiseFulfilledResult<Ticket>).value);
    const numbers = tickets.map((ticket) => ticket.number);
    expect(new Set(numbers).size).toBe(COUNT);
    for (const n of numbers) expect(n).toMatch(/^\d{6,}$/);

    const rows = await t.dataSource.getRepository(Ticket).find({ order: { id: 'ASC' } });
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.number))).toEqual(new Set(numbers));
    // Each row is the ticket its caller got back (no transaction wrote into another's ticket).
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    for (const ticket of tickets) expect(byNumber.get(ticket.number)?.subject).toBe(ticket.subject);
    // The counter moved exactly once per ticket: numbers 1..50 with no gap and no duplicate.
    expect(numbers.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));

    const entries = await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId: In(rows.map((r) => r.id)) } });
    for (const row of rows) {
      const mine = entries.filter((e) => e.ticketId === row.id);
      expect(mine.map((e) => [e.type, e.event]).sort()).toEqual([['event', 'created'], ['message', null]]);
      expect(mine.find((e) => e.type === 'message')?.body).toBe(`Opened in parallel, number ${row.subject.replace('Parallel ticket ', '')}.`);
    }
  });

  it('let one NEW address open several tickets at once (a double submit): one user, every ticket kept', async () => {
    // CASE (UsersService.findOrCreate): two first contacts from one address at once; the unique index
    // lets one insert win and the others must find the winner, inside the opening's transaction.
    const intake = t.app.get(TicketIntakeService);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        intake.open({
          email: 'double-submit@example.com', name: 'Double Submit', phone: null, topicId: 1,
          subject: `Double submit ${i}`, message: 'Clicked twice.', source: 'web', uploads: [],
        }),
      ),
    );
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`#${i}: ${(r.reason as Error)?.message ?? r.reason}`] : []));
    expect(failures).toEqual([]);

    const users = await t.dataSource.getRepository(User).findBy({ email: 'double-submit@example.com' });
    expect(users).toHaveLength(1);
    const tickets = await t.dataSource.getRepository(Ticket).findBy({ userId: users[0].id });
    expect(tickets).toHaveLength(10);
    expect(new Set(tickets.map((ticket) => ticket.number)).size).toBe(10);
  });
});
