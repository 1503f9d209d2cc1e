import 'reflect-metadata';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { SavedQueue } from '../../src/search/saved-queue.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
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
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
const rowIds = (html: string) => [...html.matchAll(/<td class="col-number" data-label="Ticket"><a href="\/scp\/tickets\/(\d+)">/g)].map((m) => Number(m[1]));
const navCounts = (html: string) => Object.fromEntries([...html.matchAll(/<a href="[^"]*"(?: aria-current="page")?>([^<]+) <span class="count">([^<]+)</g)].map((m) => [m[1], m[2]]));
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(success|error|info)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${unescape(m[2])}`);
const nextLink = (html: string) => {
  const href = /<a class="button button-secondary" href="([^"]+)" rel="next">/.exec(html)?.[1];
  return href ? unescape(href) : null;
};

describe(`staff queues, custom queues and preferences (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let admin: AgentScope;
  let adminRow: Staff;
  let ann: Staff; // Support agent

  const open = (subject: string, email = 'karen@example.com') =>
    t.app.get(TicketIntakeService).open({ email, name: 'Karen Kline', phone: null, topicId: 1, subject, message: `About ${subject}`, source: 'web', uploads: [] });
  const actions = () => t.app.get(TicketActionsService);
  const staffRow = (id: number) => db.getRepository(Staff).findOneByOrFail({ id });

  async function post(agent: Agent, path: string, fields: Record<string, string | string[]>): Promise<request.Response> {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(path).type('form').send({ _csrf: token, ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    adminRow = await db.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    admin = (await t.app.get(StaffService).scope(adminRow.id))!;
    const create = (username: string, departmentId: number) =>
      t.app.get(StaffService).create({ username, email: `${username}@example.com`, firstName: username, lastName: 'Agent', password: PASSWORD, departmentId, roleId: 1 });
    ann = await create('ann', 1);
    await create('ben', 2); // Sales: sees none of Support's tickets
  });
  afterAll(() => t?.close());

  describe('built-in queues', () => {
    it('list each queue\'s tickets with capped counts in the navigation', async () => {
      const fresh = await open('Fresh question');
      const answered = await open('Answered question');
      await actions().reply(admin, answered.id, { message: 'Here you go.', statusId: null, uploads: [] });
      const mine = await open('Assigned to Ann');
      await actions().assign(admin, mine.id, ann.id, '');
      const waiting = await open('Waiting on Karen');
      await actions().changeStatus(admin, waiting.id, 3, '');
      const late = await open('Late one');
      await db.getRepository(Ticket).update({ id: late.id }, { isOverdue: true });
      const done = await open('Done already');
      await actions().changeStatus(admin, done.id, 4, '');

      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const expectations: [string, number[]][] = [
        ['open', [late.id, waiting.id, mine.id, fresh.id]], ['answered', [answered.id]], ['mine', [mine.id]], ['teams', []],
        ['unassigned', [late.id, waiting.id, answered.id, fresh.id]], ['overdue', [late.id]], ['awaiting', [waiting.id]], ['closed', [done.id]],
      ];
      for (const [queue, ids] of expectations) {
        const page = await agent.get(`/scp/tickets?queue=${queue}`).expect(200);
        expect([queue, rowIds(page.text)]).toEqual([queue, ids]);
      }
      const page = await agent.get('/scp/tickets').expect(200);
      expect(navCounts(page.text)).toEqual({
        Open: '4', Answered: '1', 'My Tickets': '1', 'My Teams': '0', Unassigned: '4', Overdue: '1', 'Awaiting Response': '1', Closed: '1',
      });
      // Ben (Sales) sees none of it, in lists or counts.
      const other = await loginAgent(t.http, 'ben', PASSWORD);
      const benPage = await other.get('/scp/tickets?queue=unassigned').expect(200);
      expect(rowIds(benPage.text)).toEqual([]);
      expect(Object.values(navCounts(benPage.text)).every((n) => n === '0')).toBe(true);
    });

    it('sort by each column head, and page a sorted list without skipping or repeating', async () => {
      for (let i = 0; i < 12; i++) await open(`Sorted ${String.fromCharCode(97 + (i % 4))} item`);
      const agent = await loginAgent(t.http, 'admin', 'admin-pass-123');
      expect((await post(agent, '/scp/profile/preferences', { signature: '', timezone: '', pageSize: '10', defaultQueue: '' })).status).toBe(303);
      const expectedIds = (await db.getRepository(Ticket).find({ where: { state: 'open', isAnswered: false } }))
        .sort((a, b) => (a.subject === b.subject ? a.id - b.id : a.subject < b.subject ? -1 : 1)).map((r) => r.id);

      const first = await agent.get('/scp/tickets?queue=open').expect(200);
      const subjectHead = /<th scope="col"><a class="sort-link" href="([^"]+)">Subject<\/a><\/th>/.exec(first.text)?.[1];
      expect(unescape(subjectHead!)).toBe('/scp/tickets?queue=open&sort=subject&dir=asc');
      let url: string | null = unescape(subjectHead!);
      const seen: number[] = [];
      while (url) {
        const page = await agent.get(url).expect(200);
        if (seen.length === 0) expect(page.text).toMatch(/<th scope="col" aria-sort="ascending"><a class="sort-link" href="[^"]*sort&#x3D;subject&amp;dir&#x3D;desc">Subject/);
        seen.push(...rowIds(page.text));
        url = nextLink(page.text);
      }
      expect(seen).toEqual(expectedIds);
      await agent.get('/scp/tickets?queue=open&sort=subject&dir=up').expect(404);
      await agent.get('/scp/tickets?queue=open&sort=colour').expect(404);
      await agent.get('/scp/tickets?queue=open&sort=subject&after=garbage').expect(404);
      expect((await post(agent, '/scp/profile/preferences', { signature: '', timezone: '', pageSize: '', defaultQueue: '' })).status).toBe(303);
    });
  });

  describe('preferences', () => {
    it('save signature, time zone, page size and landing queue; /scp opens on that queue', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const form = await agent.get('/scp/profile/preferences').expect(200);
      expect(form.text).toContain('<h1>Preferences</h1>');
      const res = await post(agent, '/scp/profile/preferences', { signature: 'Ann\r\nSupport <team>', timezone: 'europe/paris', pageSize: '10', defaultQueue: 'mine' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/scp/profile/preferences');
      expect(await staffRow(ann.id)).toMatchObject({ signature: 'Ann\nSupport <team>', timezone: 'Europe/Paris', pageSize: 10, defaultQueue: 'mine' });
      const after = await agent.get('/scp/profile/preferences').expect(200);
      expect(flashes(after.text)).toEqual(['success: Your preferences have been saved.']);
      expect(after.text).toContain('Support &lt;team&gt;');
      expect((await agent.get('/scp')).headers.location).toBe('/scp/tickets');
      const landing = await agent.get('/scp/tickets').expect(200);
      expect(landing.text).toContain('<h1>My Tickets</h1>');
    });

    it('refuse a bad time zone, page size or queue with messages, the input kept and nothing written', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const before = await staffRow(ann.id);
      const cases: [Record<string, string>, string][] = [
        [{ timezone: 'Mars/Olympus', pageSize: '20', defaultQueue: '' }, 'Choose a time zone from the list.'],
        [{ timezone: '', pageSize: '5', defaultQueue: '' }, 'Enter a page size from 10 to 100.'],
        [{ timezone: '', pageSize: '1e3', defaultQueue: '' }, 'Enter a page size from 10 to 100.'],
        [{ timezone: '', pageSize: '', defaultQueue: 'everything' }, 'Choose a queue from the list.'],
        [{ timezone: '', pageSize: '', defaultQueue: 'q999' }, 'Choose a queue from the list.'],
      ];
      for (const [fields, message] of cases) {
        const res = await post(agent, '/scp/profile/preferences', { signature: 'Typed signature', ...fields });
        expect([res.status, res.text.includes(message)]).toEqual([422, true]);
        expect(res.text).toContain('Typed signature');
      }
      const bad = await post(agent, '/scp/profile/preferences', { signature: 'x'.repeat(2001), timezone: '', pageSize: '', defaultQueue: '' });
      expect(bad.status).toBe(422);
      expect(await staffRow(ann.id)).toEqual(before);
    });
  });

  describe('custom queues', () => {
    let queueId: number;

    it('save a search as a personal queue with its columns and order, counted in the navigation', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const target = await open('Keyboard sticky keys');
      const search = await agent.get('/scp/search?q=keyboard').expect(200);
      expect(rowIds(search.text)).toEqual([target.id]);
      expect(search.text).toContain('Save this search as a queue');
      const res = await post(agent, '/scp/queues', { q: 'keyboard', name: 'Keyboards', columns: ['subject', 'created'], sort: 'subject:asc', isShared: '0' });
      expect(res.status).toBe(303);
      const row = await db.getRepository(SavedQueue).findOneByOrFail({ name: 'Keyboards' });
      queueId = row.id;
      expect(row).toMatchObject({ staffId: ann.id, isShared: false, columns: 'subject,created', sort: 'subject', sortDir: 'asc' });
      expect(res.headers.location).toBe(`/scp/tickets?queue=q${row.id}`);
      const page = await agent.get(res.headers.location).expect(200);
      expect(rowIds(page.text)).toEqual([target.id]);
      expect(page.text).toContain('<h1>Keyboards</h1>');
      expect(page.text).toContain('data-label="Created"');
      expect(page.text).not.toContain('data-label="Department"');
      expect(navCounts(page.text).Keyboards).toBe('1');
      expect(flashes(page.text)).toEqual(['success: Saved the queue "Keyboards".']);
    });

    it('are 404 to another agent, and only an admin may share one (audited)', async () => {
      const other = await loginAgent(t.http, 'ben', PASSWORD);
      await other.get(`/scp/tickets?queue=q${queueId}`).expect(404);
      await other.get(`/scp/export?queue=q${queueId}`).expect(404);
      expect((await post(other, `/scp/queues/${queueId}/delete`, {})).status).toBe(404);
      const refused = await post(other, '/scp/queues', { q: 'keyboard', name: 'Shared by Ben', columns: [], sort: 'created:desc', isShared: '1' });
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('Only administrators can share a queue.');
      expect(await db.getRepository(SavedQueue).countBy({ name: 'Shared by Ben' })).toBe(0);

      const adminAgent = await loginAgent(t.http, 'admin', 'admin-pass-123');
      const shared = await post(adminAgent, '/scp/queues', { q: 'keyboard', name: 'Everyone keyboards', columns: [], sort: 'created:desc', isShared: ['0', '1'] });
      expect(shared.status).toBe(303);
      const row = await db.getRepository(SavedQueue).findOneByOrFail({ name: 'Everyone keyboards' });
      expect(row.isShared).toBe(true);
      expect(await db.getRepository(AuditEvent).findOneBy({ action: 'queue.shared', targetId: row.id })).toMatchObject({ actorId: adminRow.id });
      // Ben sees the shared queue, but only the tickets he may see: none of Support's.
      const benPage = await other.get(`/scp/tickets?queue=q${row.id}`).expect(200);
      expect(rowIds(benPage.text)).toEqual([]);
      expect(navCounts(benPage.text)['Everyone keyboards']).toBe('0');
      expect(benPage.text).not.toContain('Delete this queue');
      expect((await post(other, `/scp/queues/${row.id}/delete`, {})).status).toBe(303);
      expect(await db.getRepository(SavedQueue).countBy({ id: row.id })).toBe(1);
    });

    it('refuse a queue without a name, with the search kept', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const count = await db.getRepository(SavedQueue).count();
      const res = await post(agent, '/scp/queues', { q: 'keyboard', name: ' ', columns: ['bogus'], sort: 'created:sideways' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Name the queue.');
      expect(res.text).toContain('name="q" value="keyboard"');
      expect(await db.getRepository(SavedQueue).count()).toBe(count);
    });

    it('can be deleted by its owner, after which it is gone from the navigation', async () => {
      const agent = await loginAgent(t.http, 'ann', PASSWORD);
      const res = await post(agent, `/scp/queues/${queueId}/delete`, {});
      expect(res.status).toBe(303);
      expect(await db.getRepository(SavedQueue).countBy({ id: queueId })).toBe(0);
      const page = await agent.get(res.headers.location).expect(200);
      expect(flashes(page.text)).toEqual(['success: Deleted the queue "Keyboards".']);
      expect(navCounts(page.text).Keyboards).toBeUndefined();
    });
  });
});
