import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { AgentScope } from '../../src/tickets/ticket-access';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const PASSWORD = 'agent-pass-1234';
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const rowIds = (html: string) => [...html.matchAll(/<td class="col-number" data-label="Ticket"><a href="\/scp\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${unescape(m[2])}`);

/** A CSV body as rows of cells (RFC 4180 quoting), without the UTF-8 byte order mark. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe(`staff search, bulk actions and CSV export (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;
  let ann: Staff; // Support, full access
  let vic: Staff; // Support, View Only
  let ben: Staff; // Sales

  const open = (subject: string, email = 'karen@example.com', message = `About ${subject}`) =>
    t.app.get(TicketIntakeService).open({ email, name: 'Karen Kline', phone: null, topicId: 1, subject, message, source: 'web', uploads: [] });
  const actions = () => t.app.get(TicketActionsService);
  const snapshot = async () => ({
    tickets: (await db.getRepository(Ticket).find({ order: { id: 'ASC' } })).map((r) => [r.id, r.staffId, r.departmentId, r.statusId, r.priorityId, r.version]),
    entries: await db.getRepository(ThreadEntry).count(),
  });

  async function bulk(agent: Agent, fields: Record<string, string | string[]>): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post('/scp/bulk').type('form').send({ _csrf: token, returnTo: '/scp/tickets?queue=open', staffId: '', teamId: '', departmentId: '', statusId: '', priorityId: '', ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    const adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    admin = (await t.app.get(StaffService).scope(adminRow.id))!;
    const create = (username: string, departmentId: number, roleId = 1) =>
      t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName: username, lastName: 'Agent', password: PASSWORD, departmentId, roleId });
    ann = await create('ann', 1);
    vic = await create('vic', 1, 4);
    ben = await create('ben', 2);
  });
  afterAll(() => t?.close());

  describe('quick and advanced search', () => {
    it('finds by number, email, name and words of the subject and thread, from the header box', async () => {
      const printer = await open('Printer on fire', 'paula@example.com', 'Smoke from the laserjet');
      await actions().reply(admin, printer.id, { message: 'Unplug the fuser unit now.', statusId: null, uploads: [] });
      const other = await open('Password reset', 'omar@example.com');
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const queue = await agent.get('/scp/tickets').expect(200);
      expect(queue.text).toMatch(/<form class="quick-search" method="get" action="\/scp\/search" role="search">/);
      for (const [q, ids] of [
        [printer.number, [printer.id]], [`#${other.number}`, [other.id]], ['PAULA@example.com', [printer.id]], ['printer', [printer.id]],
        ['laserjet', [printer.id]], ['fuser', [printer.id]], ['Karen', [other.id, printer.id]], ['nothing-like-this', []],
      ] as [string, number[]][]) {
        const res = await agent.get(`/scp/search?q=${encodeURIComponent(q)}`).expect(200);
        expect([q, rowIds(res.text)]).toEqual([q, ids]);
      }
    });

    it('answers a ticket number with that ticket alone, even when other tickets quote it; other numbers search as words', async () => {
      const named = await open('Scanner jams');
      const quoting = await open(`Follow-up on ${named.number}`, 'quinn@example.com', `See ticket ${named.number}`);
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      expect(rowIds((await agent.get(`/scp/search?q=${named.number}`).expect(200)).text)).toEqual([named.id]);
      const free = String(Number(named.number) + 900000).padStart(named.number.length, '0');
      await open(`Order ${free} never arrived`, 'quinn@example.com');
      const words = rowIds((await agent.get(`/scp/search?q=${free}`).expect(200)).text);
      expect(words).toHaveLength(1);
      expect(words).not.toContain(quoting.id);
    });

    it('reads malformed syntax as plain words, and says so when nothing is left or the text is too long', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      for (const q of ['"printer', 'printer OR "fire', 'fire*)', 'NEAR(printer fire)', '-printer +fire', "printer'; --"]) {
        const res = await agent.get(`/scp/search?q=${encodeURIComponent(q)}`);
        expect([q, res.status]).toEqual([q, 200]);
      }
      const empty = await agent.get(`/scp/search?q=${encodeURIComponent('"*()+-')}`);
      expect(empty.status).toBe(400);
      expect(unescape(empty.text)).toContain('Type a ticket number, an email address, a name, or words of at least 3 letters or digits.');
      const huge = await agent.get(`/scp/search?q=${'a'.repeat(5000)}`);
      expect(huge.status).toBe(400);
      expect(huge.text).toContain('Search for at most 200 characters.');
      const twice = await agent.get('/scp/search?q=a&q=b');
      expect(twice.status).toBe(400);
      expect(twice.text).toContain('This field takes one value.');
    });

    it('filters by the advanced criteria, with a message for a bad value and no results', async () => {
      const agent = await loginAgent(t.http, 'admin', 'admin-pass-123');
      const high = await open('Advanced high one');
      await actions().setPriority(admin, high.id, 3);
      const moved = await open('Advanced moved one');
      await actions().transfer(admin, moved.id, 3, '');
      expect(rowIds((await agent.get('/scp/search?q=advanced&priorityId=3').expect(200)).text)).toEqual([high.id]);
      expect(rowIds((await agent.get('/scp/search?q=advanced&departmentId=3&state=open').expect(200)).text)).toEqual([moved.id]);
      expect(rowIds((await agent.get('/scp/search?departmentId=3&answered=no&overdue=no&source=web').expect(200)).text)).toEqual([moved.id]);
      const today = new Date().toISOString().slice(0, 10);
      expect(rowIds((await agent.get(`/scp/search?q=advanced&createdFrom=2000-01-01&createdTo=${today}`).expect(200)).text)).toEqual([moved.id, high.id]);
      expect(rowIds((await agent.get('/scp/search?q=advanced&createdTo=2000-01-01').expect(200)).text)).toEqual([]);
      const bad = await agent.get('/scp/search?q=advanced&createdFrom=2026-02-30&priorityId=abc&state=maybe');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('Enter a date as YYYY-MM-DD.');
      expect(bad.text).toContain('Choose one of the listed values.');
      expect(bad.text).toContain('name="q" type="text" value="advanced"');
      expect(rowIds(bad.text)).toEqual([]);
    });

    it('never shows another department\'s tickets', async () => {
      const hidden = await open('Support secret matter');
      const agent = await loginAgent(t.http, 'ben', PASSWORD);
      for (const q of ['secret', hidden.number, 'karen@example.com', 'Karen']) {
        const res = await agent.get(`/scp/search?q=${encodeURIComponent(q)}`).expect(200);
        expect([q, rowIds(res.text)]).toEqual([q, []]);
        expect(res.text).not.toContain('Support secret matter');
      }
    });
  });

  describe('bulk actions', () => {
    it('change each ticket through the ticket rules and report per ticket', async () => {
      const a = await open('Bulk one');
      const b = await open('Bulk two');
      const salesTicket = await open('Bulk sales');
      await actions().transfer(admin, salesTicket.id, 2, '');
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const res = await bulk(agent, { ids: [String(a.id), String(b.id), String(salesTicket.id), '99999999'], action: 'assign', staffId: String(ann.id) });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/tickets?queue=open');
      const page = await agent.get(res.headers.location).expect(200);
      expect(flashes(page.text)).toEqual([
        'info: 2 of 4 tickets changed.',
        `success: #${a.number}: Assigned to ann Agent.`,
        `success: #${b.number}: Assigned to ann Agent.`,
        `error: Ticket ${salesTicket.id}: We could not find that ticket.`,
        'error: Ticket 99999999: We could not find that ticket.',
      ]);
      expect(page.text).not.toContain(salesTicket.number);
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: a.id })).staffId).toBe(ann.id);
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: salesTicket.id })).staffId).toBeNull();
      expect(await db.getRepository(ThreadEntry).countBy({ ticketId: a.id, event: 'assigned' })).toBe(1);

      await bulk(agent, { ids: [String(a.id), String(b.id)], action: 'priority', priorityId: '4' });
      expect((await db.getRepository(Ticket).findBy({ priorityId: 4 })).map((r) => r.id).sort()).toEqual(expect.arrayContaining([a.id, b.id]));
      await bulk(agent, { ids: [String(a.id)], action: 'status', statusId: '2' });
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: a.id })).statusId).toBe(2);
      await bulk(agent, { ids: [String(b.id)], action: 'transfer', departmentId: '3' });
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: b.id })).departmentId).toBe(3);

      const team = await db.query('SELECT id, name FROM teams ORDER BY id LIMIT 1') as { id: number | string; name: string }[];
      const teamRes = await bulk(agent, { ids: [String(a.id), String(salesTicket.id)], action: 'team', teamId: String(team[0].id) });
      expect(flashes((await agent.get(teamRes.headers.location).expect(200)).text)).toEqual([
        'info: 1 of 2 tickets changed.',
        `success: #${a.number}: Assigned to team ${team[0].name}.`,
        `error: Ticket ${salesTicket.id}: We could not find that ticket.`,
      ]);
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: a.id })).teamId).toBe(Number(team[0].id));
      expect((await db.getRepository(Ticket).findOneByOrFail({ id: salesTicket.id })).teamId).toBeNull();
      expect(await db.getRepository(ThreadEntry).countBy({ ticketId: a.id, event: 'assigned' })).toBe(2);
    });

    it('refuse per ticket what the role does not allow, with nothing written', async () => {
      const c = await open('Bulk view only');
      const before = await snapshot();
      const agent = await loginAgent(t.http, 'vic', PASSWORD);
      const res = await bulk(agent, { ids: [String(c.id)], action: 'status', statusId: '4' });
      const page = await agent.get(res.headers.location).expect(200);
      expect(flashes(page.text)).toEqual(['error: 0 of 1 tickets changed.', `error: #${c.number}: Your role does not allow you to close this ticket.`]);
      expect(await snapshot()).toEqual(before);
      expect(vic.id).toBeGreaterThan(0);
    });

    it('answer an empty selection, too many tickets, a missing or unknown target with one message and nothing written', async () => {
      const d = await open('Bulk bad input');
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const before = await snapshot();
      const cases: [Record<string, string | string[]>, string][] = [
        [{ action: 'assign', staffId: String(ann.id) }, 'Select at least one ticket first.'],
        [{ ids: Array.from({ length: 101 }, (_, i) => String(i + 1)), action: 'assign', staffId: String(ann.id) }, 'Select at most 100 tickets at a time.'],
        [{ ids: [String(d.id)], action: 'assign' }, 'Choose an agent to assign the tickets to.'],
        [{ ids: [String(d.id)], action: 'assign', staffId: '9999' }, 'Choose an agent from the list.'],
        [{ ids: [String(d.id)], action: 'team' }, 'Choose a team to assign the tickets to.'],
        [{ ids: [String(d.id)], action: 'team', teamId: '9999' }, 'Choose a team from the list.'],
        [{ ids: [String(d.id)], action: 'explode' }, 'Choose an action.'],
        [{ ids: ['1; DROP TABLE tickets'], action: 'assign', staffId: String(ann.id) }, 'Select tickets from the list.'],
      ];
      for (const [fields, message] of cases) {
        const res = await bulk(agent, fields);
        expect(res.status).toBe(303);
        const page = await agent.get(res.headers.location).expect(200);
        expect(flashes(page.text)).toEqual([`error: ${message}`]);
      }
      expect(await snapshot()).toEqual(before);
      const offsite = await bulk(agent, { ids: [String(d.id)], action: 'priority', priorityId: '1', returnTo: 'https://evil.example/' });
      expect(offsite.headers.location).toBe('/scp/tickets');
    });
  });

  describe('CSV export', () => {
    it('streams a queue as an attachment, formula-safe, with only the tickets the agent may see', async () => {
      const risky = await open('=HYPERLINK("http://evil.example","click")', 'eve@example.com');
      const salesOnly = await open('Sales export only');
      await actions().transfer(admin, salesOnly.id, 2, '');
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const res = await agent.get('/scp/export?queue=open').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tickets-open-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const rows = parseCsv(res.text);
      expect(rows[0].slice(0, 4)).toEqual(['Number', 'Subject', 'From', 'Email']);
      const numbers = rows.slice(1).map((r) => r[0]);
      const visible = await db.getRepository(Ticket).find({ where: { state: 'open', isAnswered: false, departmentId: 1 }, order: { id: 'DESC' } });
      const mine = await db.getRepository(Ticket).find({ where: { state: 'open', isAnswered: false, staffId: ann.id } });
      const expected = [...new Map([...visible, ...mine].map((r) => [r.id, r])).values()].sort((x, y) => y.id - x.id).map((r) => r.number);
      expect(numbers).toEqual(expected);
      expect(numbers).not.toContain(salesOnly.number);
      expect(rows.find((r) => r[0] === risky.number)?.[1]).toBe('\'=HYPERLINK("http://evil.example","click")');

      const search = await agent.get('/scp/export/search?q=hyperlink').expect(200);
      expect(parseCsv(search.text).slice(1).map((r) => r[0])).toEqual([risky.number]);
      expect(search.headers['content-disposition']).toMatch(/^attachment; filename="tickets-search-/);
      const empty = await agent.get('/scp/export/search');
      expect(empty.status).toBe(400);
      expect(empty.headers['content-disposition']).toBeUndefined();
      await agent.get('/scp/export?queue=nothing').expect(404);

      const other = await loginAgent(t.http, 'ben', PASSWORD);
      const benCsv = parseCsv((await other.get('/scp/export?queue=open').expect(200)).text);
      const sales = await db.getRepository(Ticket).find({ where: { state: 'open', isAnswered: false, departmentId: 2 }, order: { id: 'DESC' } });
      expect(benCsv.slice(1).map((r) => r[0])).toEqual(sales.map((r) => r.number));
      expect(benCsv.slice(1).map((r) => r[0])).toContain(salesOnly.number);
      expect(ben.id).toBeGreaterThan(0);
    });

    it('pages through more tickets than one batch holds', async () => {
      const repo = db.getRepository(Ticket);
      const template = await repo.findOneByOrFail({ departmentId: 1 });
      const base = Number(template.number) + 1_000_000;
      const rows = Array.from({ length: 520 }, (_, i) => ({ ...template, id: undefined, number: String(base + i), subject: `Bulk export ${i}`, departmentId: 3 }));
      for (let i = 0; i < rows.length; i += 100) await repo.insert(rows.slice(i, i + 100) as never);
      const agent = await loginAgent(t.http, 'admin', 'admin-pass-123');
      const csv = parseCsv((await agent.get('/scp/export/search?departmentId=3').expect(200)).text);
      const numbers = csv.slice(1).map((r) => r[0]);
      expect(numbers.filter((n) => Number(n) >= base)).toHaveLength(520);
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  });
});
