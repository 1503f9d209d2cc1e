import request from 'supertest';
import { staffActor } from '../../src/audit/audit.service';
import { Clock } from '../../src/common/clock';
import { SettingsService } from '../../src/settings/settings.service';
import { SlaPlan } from '../../src/sla/sla-plan.entity';
import { TicketSlaPause } from '../../src/sla/ticket-sla-pause.entity';
import { Staff } from '../../src/staff/staff.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';
import { newestEntryId } from '../support/ticket-forms';

type Agent = ReturnType<typeof request.agent>;

const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
/** New York wall time in December (EST, UTC-5) as an instant. */
const ny = (local: string) => new Date(`${local}:00-05:00`);

/*
 * One ticket's SLA story on the Default SLA (18 business hours, Mon-Fri 8-17 New York, holidays; here with a
 * 4 h first-response target), with the clock faked:
 *   Fri 4 Dec 16:00 opened -> 1 h that day, 9 h Monday, 8 h Tuesday: resolution due Tue 8 Dec 16:00;
 *   first response due Mon 7 Dec 11:00 (1 h Friday + 3 h Monday).
 */
describe(`SLA tracking (${testDbKind})`, () => {
  let t: TestApp;
  let agent: Agent;
  let now: Date;
  let ticketId: number;
  let fourHoursId: number;

  const ticket = () => t.dataSource.getRepository(Ticket).findOneByOrFail({ id: ticketId });
  const pauses = () => t.dataSource.getRepository(TicketSlaPause).find({ where: { ticketId }, order: { id: 'ASC' } });
  const at = async (instant: Date) => {
    now = instant;
    // Days pass between the steps: the absolute session timeout would end the session, so log in again.
    agent = await loginAgent(t.http, 'admin', 'admin-pass-123');
  };
  async function post(action: string, fields: Record<string, string>, id = ticketId) {
    const token = await formToken(agent, '/scp/tickets');
    return agent.post(`/scp/tickets/${id}/${action}`).type('form').send({ _csrf: token, ...fields });
  }
  async function reply(fields: Record<string, string>) {
    const token = await formToken(agent, '/scp/tickets');
    let req = agent.post(`/scp/tickets/${ticketId}/reply`).field('_csrf', token);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req;
  }
  const page = async () => (await agent.get(`/scp/tickets/${ticketId}`).expect(200)).text;
  const timeline = (html: string) => [...(/<ol class="sla-timeline">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '')
    .matchAll(/<time datetime="([^"]+)">[^<]*<\/time> <span class="sla-note">([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    now = ny('2026-12-04T16:00');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    await t.dataSource.getRepository(SlaPlan).update({ id: 1 }, { firstResponseHours: 4 });
    fourHoursId = (await t.dataSource.getRepository(SlaPlan).save({ name: 'Four hours', firstResponseHours: null, resolutionHours: 4, scheduleId: null, alertsEnabled: true, isActive: true, isDefault: false })).id;
    const admin = await t.dataSource.getRepository(Staff).findOneByOrFail({ username: 'admin' });
    await t.app.get(SettingsService).update(staffActor({ staffId: admin.id, name: 'Admin' }, '127.0.0.1'), { timezone: 'America/New_York' });
    await at(now);
  });
  afterAll(() => t?.close());

  it('opens a ticket on Friday 16:00 New York with its due times counted in the next business days', async () => {
    const opened = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 3, subject: 'Mobile banking is down', message: 'Nothing loads.', source: 'web', uploads: [],
    });
    ticketId = opened.id;
    const row = await ticket();
    expect(row.slaPlanId).toBe(1);
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-08T16:00').toISOString());
    expect(iso(row.slaDueAt)).toBe('2026-12-08T21:00:00.000Z');
    expect(iso(row.firstResponseDueAt)).toBe(ny('2026-12-07T11:00').toISOString());
    expect(row).toMatchObject({ isOverdue: false, slaPausedAt: null, firstResponseBreachedAt: null, resolutionBreachedAt: null });
    expect(await pauses()).toEqual([]);
  });

  it('shows the due time in the queue and the due times on the ticket page', async () => {
    const queue = await agent.get('/scp/tickets').expect(200);
    expect(queue.text).toMatch(/<th scope="col"><a class="sort-link" href="[^"]*">Due<\/a><\/th>/);
    const rowHtml = new RegExp(`<tr class="queue-row[^"]*">[\\s\\S]*?/scp/tickets/${ticketId}"[\\s\\S]*?</tr>`).exec(queue.text)![0];
    expect(rowHtml).toContain('<td class="col-due" data-label="Due"><time datetime="2026-12-08T21:00:00.000Z">8 Dec 2026, 16:00</time></td>');
    expect(rowHtml).not.toContain('is-overdue');

    const html = await page();
    expect(html).toContain('<dt>First response due</dt><dd><time datetime="2026-12-07T16:00:00.000Z">');
    expect(html).toContain('<dt>Resolution due</dt><dd><time datetime="2026-12-08T21:00:00.000Z">');
    expect(timeline(html)).toEqual([
      '2026-12-04T21:00:00.000Z SLA clock started',
      '2026-12-07T16:00:00.000Z First response due',
      '2026-12-08T21:00:00.000Z Resolution due',
    ]);
  });

  it('a reply setting Awaiting Response meets the first response and pauses the clock: pause row, paused_at, no due', async () => {
    await at(ny('2026-12-07T10:00'));
    const res = await reply({ lastEntryId: await newestEntryId(t.dataSource, ticketId), message: 'Which app version do you use?', statusId: '3' });
    expect(res.status).toBe(303);
    const row = await ticket();
    expect(iso(row.firstResponseAt)).toBe(ny('2026-12-07T10:00').toISOString());
    expect(iso(row.firstResponseDueAt)).toBe(ny('2026-12-07T11:00').toISOString());
    expect(iso(row.slaPausedAt)).toBe(ny('2026-12-07T10:00').toISOString());
    expect(row).toMatchObject({ resolutionDueAt: null, slaDueAt: null, isOverdue: false, statusId: 3 });
    const [pause] = await pauses();
    expect(pause).toMatchObject({ reason: 'Awaiting Response', endedAt: null });
    expect(iso(pause.startedAt)).toBe(ny('2026-12-07T10:00').toISOString());

    const html = await page();
    expect(html).toContain('Paused: Awaiting Response');
    expect(timeline(html)).toContain('2026-12-07T15:00:00.000Z First response sent in time');
    expect(timeline(html)).toContain('2026-12-07T15:00:00.000Z Clock paused: Awaiting Response');
    // Answered and waiting on the user: the ticket is in Awaiting Response (no longer in Open).
    const queue = await agent.get('/scp/tickets?queue=awaiting').expect(200);
    expect(queue.text).toContain('<td class="col-due" data-label="Due"><span class="muted">Paused</span></td>');
  });

  it('leaving Awaiting Response resumes the clock, the due pushed by the 5 paused working hours', async () => {
    await at(ny('2026-12-07T15:00'));
    expect((await post('status', { lastEntryId: await newestEntryId(t.dataSource, ticketId), statusId: '1', comment: '' })).status).toBe(303);
    const row = await ticket();
    // 3 h worked before the pause, 15 h left from Monday 15:00: 2 h Monday, 9 h Tuesday, 4 h Wednesday.
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-09T12:00').toISOString());
    expect(iso(row.slaDueAt)).toBe(ny('2026-12-09T12:00').toISOString());
    expect(row.slaPausedAt).toBeNull();
    const [pause] = await pauses();
    expect(iso(pause.endedAt)).toBe(ny('2026-12-07T15:00').toISOString());
    expect(timeline(await page())).toContain('2026-12-07T20:00:00.000Z Clock resumed after 5 h (Awaiting Response)');
  });

  it('a plan change recomputes from the same start (overdue at once on a shorter plan), and back', async () => {
    expect((await post('sla', { lastEntryId: await newestEntryId(t.dataSource, ticketId), slaPlanId: String(fourHoursId) })).status).toBe(303);
    let row = await ticket();
    // 4 calendar hours from Friday 21:00 UTC.
    expect(iso(row.resolutionDueAt)).toBe('2026-12-05T01:00:00.000Z');
    expect(row).toMatchObject({ slaPlanId: fourHoursId, firstResponseDueAt: null, isOverdue: true });
    const queue = await agent.get('/scp/tickets?queue=overdue').expect(200);
    expect(queue.text).toMatch(new RegExp(`<tr class="queue-row [^"]*is-overdue">\\s*<td class="col-select"[^>]*>[^\\n]*</td>\\s*<td class="col-number" data-label="Ticket"><a href="/scp/tickets/${ticketId}">`));
    expect(await page()).toContain('<span class="badge badge-overdue">Overdue</span>');

    expect((await post('sla', { lastEntryId: await newestEntryId(t.dataSource, ticketId), slaPlanId: '1' })).status).toBe(303);
    row = await ticket();
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-09T12:00').toISOString());
    expect(row.isOverdue).toBe(false);
  });

  it('a manual due date (in the settings\' time zone) wins over the plan, and clearing it gives the plan back', async () => {
    const bad = await post('due', { lastEntryId: await newestEntryId(t.dataSource, ticketId), dueAt: 'tomorrow' });
    expect(bad.status).toBe(422);
    expect(flashes(bad.text)).toContain('error: Enter a date and time, like 2026-12-01 17:00, or leave it empty to clear it.');
    expect((await ticket()).dueAt).toBeNull();

    const res = await post('due', { lastEntryId: await newestEntryId(t.dataSource, ticketId), dueAt: '2026-12-08T09:30' });
    expect(res.status).toBe(303);
    let row = await ticket();
    expect(iso(row.dueAt)).toBe(ny('2026-12-08T09:30').toISOString());
    expect(iso(row.slaDueAt)).toBe(ny('2026-12-08T09:30').toISOString());
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-09T12:00').toISOString());
    const [event] = await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId, event: 'due_changed' } });
    expect(event.body).toMatch(/ set the due date to 2026-12-08 09:30 \(America\/New_York\)$/);
    expect(event.data).toMatchObject({ to: '2026-12-08T14:30:00.000Z' });
    const html = await page();
    expect(flashes(html)).toContain('success: Due date set.');
    expect(html).toContain('value="2026-12-08T09:30"');
    expect(html).toContain('Due date set by hand');

    expect((await post('due', { lastEntryId: await newestEntryId(t.dataSource, ticketId), dueAt: '' })).status).toBe(303);
    row = await ticket();
    expect(row.dueAt).toBeNull();
    expect(iso(row.slaDueAt)).toBe(ny('2026-12-09T12:00').toISOString());
  });

  it('resolving stops the clock (met in time), and reopening continues it without the closed days', async () => {
    await at(ny('2026-12-08T10:00'));
    expect((await post('status', { lastEntryId: await newestEntryId(t.dataSource, ticketId), statusId: '4', comment: 'Fixed in 2.3.1' })).status).toBe(303);
    let row = await ticket();
    expect(row).toMatchObject({ state: 'closed', isOverdue: false });
    expect(iso(row.slaPausedAt)).toBe(ny('2026-12-08T10:00').toISOString());
    expect((await pauses()).map((p) => [p.reason, iso(p.endedAt)])).toEqual([
      ['Awaiting Response', ny('2026-12-07T15:00').toISOString()], ['Resolved', null],
    ]);
    expect(timeline(await page())).toContain('2026-12-08T15:00:00.000Z Resolved in time');

    await at(ny('2026-12-10T09:00'));
    expect((await post('status', { lastEntryId: await newestEntryId(t.dataSource, ticketId), statusId: '1', comment: '' })).status).toBe(303);
    row = await ticket();
    // 7 h worked before closing (Fri 1, Mon 2 + 2, Tue 2); 11 h left from Thursday 9:00: 8 h Thursday, 3 h Friday.
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-11T11:00').toISOString());
    expect(row).toMatchObject({ state: 'open', slaPausedAt: null, isOverdue: false, closedAt: null });

    const html = await page();
    expect(timeline(html)).toEqual([
      '2026-12-04T21:00:00.000Z SLA clock started',
      '2026-12-07T15:00:00.000Z Clock paused: Awaiting Response',
      '2026-12-07T15:00:00.000Z First response sent in time',
      '2026-12-07T16:00:00.000Z First response due',
      '2026-12-07T20:00:00.000Z Clock resumed after 5 h (Awaiting Response)',
      '2026-12-08T15:00:00.000Z Clock paused: Resolved',
      '2026-12-10T14:00:00.000Z Clock resumed after 47 h (Resolved)',
      '2026-12-11T16:00:00.000Z Resolution due',
    ]);
  });

  it('a user reply that reopens a resolved ticket resumes its clock too', async () => {
    await at(ny('2026-12-10T10:00'));
    expect((await post('status', { lastEntryId: await newestEntryId(t.dataSource, ticketId), statusId: '4', comment: '' })).status).toBe(303);
    await at(ny('2026-12-10T12:00'));
    const row = await ticket();
    await t.app.get(TicketIntakeService).userReply({ email: 'karen@example.com', userId: row.userId, ticketIds: [ticketId] }, row.number, { message: 'Still broken', uploads: [] });
    const reopened = await ticket();
    expect(reopened).toMatchObject({ state: 'open', slaPausedAt: null });
    // The 2 closed hours on Thursday push the due from Friday 11:00 to 13:00.
    expect(iso(reopened.resolutionDueAt)).toBe(ny('2026-12-11T13:00').toISOString());
    expect((await pauses()).every((p) => p.endedAt !== null)).toBe(true);
  });

  it('a transfer keeps the plan and recomputes; a ticket without a plan has only its manual due date', async () => {
    expect((await post('transfer', { lastEntryId: await newestEntryId(t.dataSource, ticketId), departmentId: '2', comment: '' })).status).toBe(303);
    let row = await ticket();
    expect(row).toMatchObject({ departmentId: 2, slaPlanId: 1 });
    expect(iso(row.resolutionDueAt)).toBe(ny('2026-12-11T13:00').toISOString());

    expect((await post('sla', { lastEntryId: await newestEntryId(t.dataSource, ticketId), slaPlanId: '' })).status).toBe(303);
    row = await ticket();
    expect(row).toMatchObject({ slaPlanId: null, resolutionDueAt: null, firstResponseDueAt: null, slaDueAt: null, isOverdue: false });
    expect((await post('due', { lastEntryId: await newestEntryId(t.dataSource, ticketId), dueAt: '2026-12-10T11:00' })).status).toBe(303);
    row = await ticket();
    expect(iso(row.slaDueAt)).toBe(ny('2026-12-10T11:00').toISOString());
    expect(row.isOverdue).toBe(true);
    expect(await page()).toContain('No SLA plan.');
  });
});
