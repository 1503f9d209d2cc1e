import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Clock } from '../../src/common/clock';
import { Department } from '../../src/departments/department.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { Team } from '../../src/teams/team.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const selected = (html: string, id: string) => new RegExp(`<select id="${id}"[^>]*>[\\s\\S]*?<option value="([^"]*)" selected>`).exec(html)?.[1];
const flashes = (html: string) => [...html.matchAll(/<p class="flash flash-(\w+)"[^>]*>([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`);

// Schedule 1 is "Monday - Friday 8am - 5pm with U.S. Holidays" in New York.
const TUESDAY_10AM_NY = new Date('2025-06-10T14:00:00Z');
const SATURDAY_NOON_NY = new Date('2025-06-14T16:00:00Z');

describe(`auto-assignment (${testDbKind})`, () => {
  let t: TestApp;
  let admin: Agent;
  const ids: Record<string, number> = {};
  let opened = 0;

  const audits = (action: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  const auditCount = () => t.dataSource.getRepository(AuditEvent).count();
  const department = () => t.dataSource.getRepository(Department).findOneByOrFail({ id: 1 });
  const staff = (id: number) => t.dataSource.getRepository(Staff).findOneByOrFail({ id });
  const setStaff = (id: number, values: Partial<Pick<Staff, 'onVacation' | 'isActive' | 'scheduleId'>>) => t.dataSource.getRepository(Staff).update({ id }, values);
  const autoEvents = async (ticketId: number) => (await t.dataSource.getRepository(ThreadEntry).find({ where: { ticketId }, order: { id: 'ASC' } }))
    .filter((e) => e.posterName === 'RelayDesk (auto-assignment)')
    .map((e) => ({ event: e.event, body: e.body, data: e.data }));

  async function save(fields: Record<string, string>) {
    const token = await formToken(admin, '/scp/admin/auto-assign');
    return admin.post('/scp/admin/auto-assign').type('form').send({ _csrf: token, ...fields });
  }

  /** Opens a ticket through the portal's form as a new person (topic 1 routes to Support). */
  async function portalTicket(topicId = '1'): Promise<Ticket> {
    opened++;
    const visitor = request.agent(t.http);
    const token = await formToken(visitor, '/tickets/new');
    const res = await visitor.post('/tickets').field('_csrf', token).field('email', `person${opened}@example.com`).field('name', `Person ${opened}`)
      .field('phone', '').field('topicId', topicId).field('subject', `Question ${opened}`).field('message', 'Please help with my account.');
    if (res.status !== 303) throw new Error(`the portal answered ${res.status}: ${res.text.slice(0, 500)}`);
    return t.dataSource.getRepository(Ticket).findOneOrFail({ where: {}, order: { id: 'DESC' } });
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const agents = t.app.get(StaffService);
    for (const [username, first, last] of [['john', 'John', 'Doe'], ['jane', 'Jane', 'Roe'], ['ann', 'Ann', 'Lee']]) {
      ids[username] = (await agents.create({ username, email: `${username}@example.com`, firstName: first, lastName: last, password: `${username}-pass-123`, departmentId: 1, roleId: 1 })).id;
    }
    // The first admin works in Maintenance here, so Support's agents are exactly John, Jane and Ann.
    ids.admin = (await t.dataSource.getRepository(Staff).findOneByOrFail({ username: 'admin' })).id;
    await t.dataSource.getRepository(Staff).update({ id: ids.admin }, { departmentId: 3 });
    await setStaff(ids.ann, { onVacation: true });
    admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(TUESDAY_10AM_NY));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it('leaves new tickets unassigned while every mode is off', async () => {
    const ticket = await portalTicket();
    expect(ticket.staffId).toBeNull();
    expect(await autoEvents(ticket.id)).toEqual([]);
  });

  it('shows every department, team and agent on the admin page', async () => {
    const res = await admin.get('/scp/admin/auto-assign').expect(200);
    expect(res.text).toContain('<h1>Auto-assignment</h1>');
    expect(selected(res.text, 'aa-department-1')).toBe('off');
    expect(selected(res.text, 'aa-team-1')).toBe('off');
    expect(res.text).toContain(`<select id="aa-agent-${ids.john}" name="agent_${ids.john}"`);
    expect(res.text).toContain('<option value="">Always</option>');
    expect(res.text).toContain('<option value="1">Monday - Friday 8am - 5pm with U.S. Holidays</option>');
  });

  it('refuses an unknown mode or schedule with 422, the choices kept, and saves nothing', async () => {
    const before = await auditCount();
    const res = await save({ department_1: 'random', team_1: 'round_robin', [`agent_${ids.john}`]: '1', [`agent_${ids.jane}`]: 'abc' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Nothing was saved.');
    expect(fieldError(res.text, 'aa-department-1')).toBe('Choose Off, Round-robin or Fewest open tickets.');
    expect(fieldError(res.text, `aa-agent-${ids.jane}`)).toBe('Choose a schedule from the list, or Always.');
    expect(selected(res.text, 'aa-team-1')).toBe('round_robin');
    expect(selected(res.text, `aa-agent-${ids.john}`)).toBe('1');

    const unknownSchedule = await save({ team_1: 'round_robin', [`agent_${ids.john}`]: '999' });
    expect(unknownSchedule.status).toBe(422);
    expect(fieldError(unknownSchedule.text, `aa-agent-${ids.john}`)).toBe('Choose a schedule from the list, or Always.');
    const unknownRow = await save({ team_1: 'round_robin', department_999: 'round_robin' });
    expect(unknownRow.status).toBe(422);

    expect((await department()).autoAssignMode).toBe('off');
    expect((await t.dataSource.getRepository(Team).findOneByOrFail({ id: 1 })).autoAssignMode).toBe('off');
    expect((await staff(ids.john)).scheduleId).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it('saves modes and schedules in one form, auditing what changed', async () => {
    const res = await save({ department_1: 'round_robin', department_2: 'off', team_1: 'off', [`agent_${ids.jane}`]: '1', [`agent_${ids.john}`]: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/scp/admin/auto-assign');
    const page = await admin.get('/scp/admin/auto-assign').expect(200);
    expect(flashes(page.text)).toContain('success: Auto-assignment saved.');
    expect(selected(page.text, 'aa-department-1')).toBe('round_robin');
    expect(selected(page.text, `aa-agent-${ids.jane}`)).toBe('1');
    expect((await department()).autoAssignMode).toBe('round_robin');
    expect((await staff(ids.jane)).scheduleId).toBe(1);
    expect(await audits('department.updated')).toEqual([expect.objectContaining({
      targetType: 'department', targetId: 1, targetLabel: 'Support', before: { autoAssignMode: 'off' }, after: { autoAssignMode: 'round_robin' },
    })]);
    expect(await audits('agent.updated')).toEqual([expect.objectContaining({
      targetType: 'agent', targetId: ids.jane, targetLabel: 'Jane Roe', before: { scheduleId: null }, after: { scheduleId: 1 },
    })]);
    expect(await audits('team.updated')).toEqual([]);

    // Back to always working, for the turns below.
    expect((await save({ [`agent_${ids.jane}`]: '' })).status).toBe(303);
    expect((await staff(ids.jane)).scheduleId).toBeNull();
  });

  it('hides the page from agents who are not admins (404)', async () => {
    const john = await loginAgent(t.http, 'john', 'john-pass-123');
    await john.get('/scp/admin/auto-assign').expect(404);
    const token = await formToken(john, '/scp/tickets');
    await john.post('/scp/admin/auto-assign').type('form').send({ _csrf: token, department_1: 'off' }).expect(404);
    expect((await department()).autoAssignMode).toBe('round_robin');
  });

  it('round-robin: three portal tickets go to John, Jane, John, skipping Ann on vacation, and say so', async () => {
    const tickets = [await portalTicket(), await portalTicket(), await portalTicket()];
    expect(tickets.map((x) => x.staffId)).toEqual([ids.john, ids.jane, ids.john]);
    expect(await autoEvents(tickets[0].id)).toEqual([{
      event: 'assigned',
      body: 'Assigned to John Doe by auto-assignment: round-robin in Support: first in turn; skipped Ann Lee (on vacation).',
      data: expect.objectContaining({ staffId: ids.john, to: 'John Doe', mode: 'round_robin', departmentId: 1, skipped: 'Ann Lee (on vacation)' }),
    }]);
    expect((await autoEvents(tickets[1].id))[0].body)
      .toBe('Assigned to Jane Roe by auto-assignment: round-robin in Support: next after John Doe; skipped Ann Lee (on vacation).');
    expect((await autoEvents(tickets[2].id))[0].body)
      .toBe('Assigned to John Doe by auto-assignment: round-robin in Support: next after Jane Roe; skipped Ann Lee (on vacation).');
    expect((await department()).lastAssignedStaffId).toBe(ids.john);
  });

  it('round-robin: tickets opened at the same time still take turns', async () => {
    const intake = t.app.get(TicketIntakeService);
    const open = (n: number) => intake.open({
      email: `burst${n}@example.com`, name: `Burst ${n}`, phone: null, topicId: 1, subject: `Burst ${n}`, message: 'Hello', source: 'web', uploads: [],
    });
    const burst = await Promise.all([1, 2, 3, 4].map(open));
    const owners = (await t.dataSource.getRepository(Ticket).find({ where: burst.map((b) => ({ id: b.id })), order: { id: 'ASC' } })).map((x) => x.staffId);
    // After John: Jane, John, Jane, John — whatever order the transactions commit in, never the same agent twice in a row.
    expect(owners.filter((id) => id === ids.jane)).toHaveLength(2);
    expect(owners.filter((id) => id === ids.john)).toHaveLength(2);
    expect((await department()).lastAssignedStaffId).toBe(ids.john);
  });

  it('skips an agent outside their working hours (fake clock), and goes on from the cursor by id', async () => {
    await setStaff(ids.john, { scheduleId: 1 });
    await t.dataSource.getRepository(Department).update({ id: 1 }, { lastAssignedStaffId: ids.ann });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(SATURDAY_NOON_NY));
    const weekend = await portalTicket();
    expect(weekend.staffId).toBe(ids.jane);
    expect((await autoEvents(weekend.id))[0].body).toBe('Assigned to Jane Roe by auto-assignment: round-robin in Support: next after Ann Lee; '
      + 'skipped John Doe (outside working hours), Ann Lee (on vacation).');

    await t.dataSource.getRepository(Department).update({ id: 1 }, { lastAssignedStaffId: ids.ann });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(TUESDAY_10AM_NY));
    const weekday = await portalTicket();
    expect(weekday.staffId).toBe(ids.john);
    await setStaff(ids.john, { scheduleId: null });
  });

  it('fewest open tickets: the least loaded agent, ties to the lowest id', async () => {
    expect((await save({ department_1: 'fewest_open' })).status).toBe(303);
    const repo = t.dataSource.getRepository(Ticket);
    const load = async (id: number) => repo.countBy({ staffId: id, state: 'open' });
    // Give Jane the lighter load, whatever the turns above left.
    const [john, jane] = [await load(ids.john), await load(ids.jane)];
    const extra = await repo.find({ where: { staffId: ids.jane, state: 'open' }, take: Math.max(0, jane - john + 1) });
    for (const x of extra) await repo.update({ id: x.id }, { staffId: ids.john });
    const janeLoad = await load(ids.jane);
    expect(janeLoad).toBeLessThan(await load(ids.john));

    const first = await portalTicket();
    expect(first.staffId).toBe(ids.jane);
    expect((await autoEvents(first.id))[0].body)
      .toBe(`Assigned to Jane Roe by auto-assignment: fewest open tickets in Support (${janeLoad}); skipped Ann Lee (on vacation).`);

    // Level the loads: the tie goes to John (the lower id).
    while ((await load(ids.jane)) < (await load(ids.john))) {
      const x = await repo.findOneOrFail({ where: { staffId: ids.john, state: 'open' } });
      await repo.update({ id: x.id }, { staffId: ids.jane });
    }
    expect((await portalTicket()).staffId).toBe(ids.john);
  });

  it('assigns within the ticket\'s team when the team has a mode on', async () => {
    await t.dataSource.query('INSERT INTO team_members (team_id, staff_id) VALUES (?, ?), (?, ?)', [1, ids.ann, 1, ids.jane]);
    await t.dataSource.query('UPDATE help_topics SET team_id = ? WHERE id = ?', [1, 2]);
    expect((await save({ team_1: 'round_robin' })).status).toBe(303);
    const ticket = await portalTicket('2');
    expect(ticket).toMatchObject({ teamId: 1, staffId: ids.jane });
    expect((await autoEvents(ticket.id))[0].body)
      .toBe('Assigned to Jane Roe by auto-assignment: round-robin in Level I Support: first in turn; skipped Ann Lee (on vacation).');
    expect((await t.dataSource.getRepository(Team).findOneByOrFail({ id: 1 })).lastAssignedStaffId).toBe(ids.jane);
  });

  it('assigns nobody when nobody can take the ticket, and the thread says why', async () => {
    await setStaff(ids.jane, { onVacation: true });
    await setStaff(ids.john, { isActive: false });
    const ticket = await portalTicket();
    expect(ticket.staffId).toBeNull();
    expect(await autoEvents(ticket.id)).toEqual([{
      event: 'auto_assign_skipped',
      body: 'Not auto-assigned: nobody in Support can take it now; skipped John Doe (disabled), Jane Roe (on vacation), Ann Lee (on vacation).',
      data: expect.objectContaining({ mode: 'fewest_open', departmentId: 1 }),
    }]);
  });
});
