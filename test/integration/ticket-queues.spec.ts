import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureSqliteSearchIndex } from '../../src/search/full-text-index';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { EMPTY_CRITERIA, TicketCriteria } from '../../src/tickets/ticket-criteria';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { QueueKey, QueueSort, SORT_KEYS } from '../../src/tickets/ticket-queue-rules';
import { TicketListSource, TicketQueuesService } from '../../src/tickets/ticket-queues.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { testDbKind } from '../support/test-db';

/** Keyset pages of every sort, the queue predicates, and full-text search, over the real database. */
describe(`ticket lists (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;
  let sales: AgentScope;
  const tickets: Ticket[] = [];

  const service = () => t.app.get(TicketQueuesService);
  const open = (subject: string, message: string, email = 'karen@example.com') =>
    t.app.get(TicketIntakeService).open({ email, name: 'Karen Kline', phone: null, topicId: 1, subject, message, source: 'web', uploads: [] });
  const search = (scope: AgentScope, criteria: Partial<TicketCriteria>) => all(scope, { kind: 'criteria', criteria: { ...EMPTY_CRITERIA, ...criteria } });

  /** Every id of a list, walking it page by page (page size 4) with the cursors the service hands out. */
  async function all(scope: AgentScope, source: TicketListSource, sort: QueueSort = { key: 'created', dir: 'desc' }): Promise<number[]> {
    const ids: number[] = [];
    let cursor = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await service().page(scope, { source, sort, cursor, pageSize: 4, timezone: 'UTC' });
      ids.push(...page.tickets.map((x) => x.id));
      if (!page.next) return ids;
      cursor = page.next;
    }
    throw new Error('paging did not end');
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ isAdmin: true });
    admin = (await t.app.get(StaffService).scope(adminRow.id))!;
    const salesAgent = await t.app.get(StaffService).create({ username: 'sid', email: 'sid@example.com', firstName: 'Sid', lastName: 'Sales', password: 'agent-pass-1234', departmentId: 2, roleId: 1 });
    sales = (await t.app.get(StaffService).scope(salesAgent.id))!;
    // 14 tickets with many equal sort values: 3 subjects, 2 priorities, due times on half, 3 update times.
    const subjects = ['alpha printer', 'beta scanner', 'gamma router'];
    for (let i = 0; i < 14; i++) tickets.push(await open(subjects[i % 3], `Body number ${i}`));
    const repo = db.getRepository(Ticket);
    for (const [i, ticket] of tickets.entries()) {
      await repo.update({ id: ticket.id }, {
        priorityId: i % 2 === 0 ? 2 : 4,
        slaDueAt: i % 2 === 0 ? null : new Date(Date.UTC(2026, 11, 1 + (i % 3))),
        updatedAt: new Date(Date.UTC(2026, 10, 20 + (i % 3), 9, 0, 0)),
      });
    }
  });
  afterAll(() => t?.close());

  describe('keyset paging', () => {
    it.each(SORT_KEYS.flatMap((key) => (['asc', 'desc'] as const).map((dir) => [key, dir] as const)))('by %s %s returns every ticket once, in order', async (key, dir) => {
      const rows = await db.getRepository(Ticket).find({ relations: { priority: true } });
      const value = (r: Ticket): string | number | null => ({
        number: r.number, subject: r.subject, created: r.id, updated: new Date(r.updatedAt).getTime(), due: r.slaDueAt ? new Date(r.slaDueAt).getTime() : null, priority: r.priority.urgency,
      })[key];
      const sign = dir === 'asc' ? 1 : -1;
      const expected = rows.sort((a, b) => {
        const [va, vb] = [value(a), value(b)];
        if (va === null || vb === null) {
          if (va !== vb) return va === null ? 1 : -1; // nulls last, both ways
        } else if (va !== vb) return (va < vb ? -1 : 1) * sign;
        return (a.id - b.id) * sign;
      }).map((r) => r.id);
      expect(await all(admin, { kind: 'criteria', criteria: EMPTY_CRITERIA }, { key, dir })).toEqual(expected);
    });
  });

  describe('queues', () => {
    it('split open tickets by answered, assignment and flags, and hide another department\'s from an agent', async () => {
      const [a, b, c, d] = tickets;
      await t.app.get(TicketActionsService).reply(admin, a.id, { message: 'We are on it.', statusId: null, uploads: [] });
      await t.app.get(TicketActionsService).assign(admin, b.id, admin.staffId, '');
      await t.app.get(TicketActionsService).changeStatus(admin, c.id, 3, ''); // Awaiting Response: pauses the SLA
      await db.getRepository(Ticket).update({ id: d.id }, { isOverdue: true, teamId: 1 });
      const ids = (key: QueueKey) => all(admin, { kind: 'queue', key });
      expect(await ids('answered')).toEqual([a.id]);
      expect(await ids('open')).not.toContain(a.id);
      expect(await ids('mine')).toEqual([b.id]);
      expect(await ids('awaiting')).toEqual([c.id]);
      expect(await ids('overdue')).toEqual([d.id]);
      const unassigned = await ids('unassigned');
      expect(unassigned).not.toContain(b.id);
      expect(unassigned).not.toContain(d.id);
      expect(unassigned).toContain(c.id);
      expect(await all({ ...admin, isAdmin: false, teamIds: [1], departmentIds: [3] }, { kind: 'queue', key: 'teams' })).toEqual([d.id]);
      const counts = await service().counts(admin);
      expect(counts).toMatchObject({ answered: 1, mine: 1, awaiting: 1, overdue: 1, closed: 0 });
      // Sid (Sales) sees none of these Support tickets, in any queue or count.
      for (const key of ['open', 'answered', 'unassigned', 'overdue', 'awaiting'] as const) expect(await all(sales, { kind: 'queue', key })).toEqual([]);
      expect(Object.values(await service().counts(sales)).every((n) => n === 0)).toBe(true);
    });
  });

  describe('full-text search', () => {
    it('finds words of the subject and the thread, by prefix, and follows edits', async () => {
      const ticket = await open('Toner cartridge empty', 'The office laserjet stopped printing');
      await t.app.get(TicketActionsService).note(admin, ticket.id, { message: 'Ordered a replacement from Contoso', statusId: null, uploads: [] });
      expect(await search(admin, { q: 'toner' })).toEqual([ticket.id]);
      expect(await search(admin, { q: 'laserjet' })).toEqual([ticket.id]);
      expect(await search(admin, { q: 'conto' })).toEqual([ticket.id]); // prefix
      expect(await search(admin, { q: 'cartridge toner' })).toEqual([ticket.id]);
      expect(await search(admin, { q: 'cartridge contoso' })).toEqual([]); // words of one document
      await db.getRepository(Ticket).update({ id: ticket.id }, { subject: 'Ink refill needed' });
      expect(await search(admin, { q: 'refill' })).toEqual([ticket.id]);
      expect(await search(admin, { q: 'toner' })).toEqual([]);
    });

    it('matches a ticket number, an email address and a name prefix', async () => {
      const ticket = await open('Badge reader broken', 'Door 4', 'zoe.quinn@example.org');
      expect(await search(admin, { q: ticket.number })).toEqual([ticket.id]);
      expect(await search(admin, { q: `#${ticket.number}` })).toEqual([ticket.id]);
      expect(await search(admin, { q: 'Zoe.Quinn@example.org' })).toEqual([ticket.id]);
      await db.query('UPDATE users SET name = ? WHERE email = ?', ['Zoe Quinn', 'zoe.quinn@example.org']);
      expect(await search(admin, { q: 'zoe qu' })).toEqual([ticket.id]);
    });

    it('reads operators, quotes and brackets as plain words, never as syntax', async () => {
      for (const q of ['"unbalanced', 'printer OR', '(fire', 'NEAR(a b)', '+-*~<>@', "'; DROP TABLE tickets; --", 'printer*"']) {
        await expect(search(admin, { q })).resolves.toEqual(expect.any(Array));
      }
      expect((await search(admin, { q: '"alpha (printer' })).length).toBeGreaterThan(0);
    });

    it('honours department access', async () => {
      expect(await search(sales, { q: 'alpha' })).toEqual([]);
      expect(await search(sales, { q: tickets[0].number })).toEqual([]);
      await t.app.get(TicketActionsService).transfer(admin, tickets[0].id, 2, '');
      expect(await search(sales, { q: tickets[0].number })).toEqual([tickets[0].id]);
    });

    (testDbKind === 'sqlite' ? it : it.skip)('puts back sync triggers a table rebuild dropped, and refills the index', async () => {
      await db.query('DROP TRIGGER tickets_search_ai');
      const missed = await open('Projector flickers', 'Room 2');
      expect(await search(admin, { q: 'projector' })).toEqual([]);
      expect(await ensureSqliteSearchIndex((sql) => db.query(sql))).toEqual(['tickets_search_ai']);
      expect(await search(admin, { q: 'projector' })).toEqual([missed.id]);
      const next = await open('Projector remote lost', 'Room 3');
      expect(await search(admin, { q: 'projector' })).toEqual([next.id, missed.id]);
    });
  });
});
