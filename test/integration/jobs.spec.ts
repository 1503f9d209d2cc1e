import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { AppConfig } from '../../src/config/app-config';
import { Department } from '../../src/departments/department.entity';
import { AutoCloseRule } from '../../src/jobs/auto-close.rule';
import { AutomationsJob } from '../../src/jobs/automations.job';
import { EscalateRule } from '../../src/jobs/escalate.rule';
import { Job, JobResult, JobRunnerService } from '../../src/jobs/job-runner.service';
import { AutomationConfig, AutomationKind, AutomationRule, JobLease, JobRun, TicketAutomationMark } from '../../src/jobs/jobs.entities';
import { LeaseService } from '../../src/jobs/lease.service';
import { OverdueJob } from '../../src/jobs/overdue.job';
import { MailOutboxService } from '../../src/mail/mail-outbox.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { SlaPlan } from '../../src/sla/sla-plan.entity';
import { SlaService } from '../../src/sla/sla.service';
import { Staff } from '../../src/staff/staff.entity';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { ThreadService } from '../../src/threads/thread.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A job whose run waits until the test lets it finish, counting how many runs started. */
class GatedJob implements Job {
  readonly intervalMs = 60_000;
  started = 0;
  private open!: () => void;
  private gate = new Promise<void>((resolve) => (this.open = resolve));
  private signalStart!: () => void;
  /** Resolves when a run has begun. */
  readonly begun = new Promise<void>((resolve) => (this.signalStart = resolve));

  constructor(readonly name: string) {}

  async run(): Promise<JobResult> {
    this.started++;
    this.signalStart();
    await this.gate;
    return { outcome: 'ok', summary: 'did the work' };
  }

  finish(): void {
    this.open();
  }
}

/** What one app instance runs jobs with. */
interface Instance {
  runner: JobRunnerService;
  overdue: OverdueJob;
  leases: LeaseService;
}

const instanceOf = (t: TestApp): Instance => ({ runner: t.app.get(JobRunnerService), overdue: t.app.get(OverdueJob), leases: t.app.get(LeaseService) });

/**
 * A second set of runner, lease service and jobs in the same app, with its own holder id: SQLite is a
 * single-process database (ARCHITECTURE "Scaling out"), so there the second instance shares the connection.
 */
async function secondInstance(t: TestApp): Promise<Instance> {
  const [ds, clock, config, mail] = [t.dataSource, t.app.get(Clock), t.app.get(AppConfig), t.app.get(MailOutboxService)];
  const leases = new LeaseService(ds, clock);
  const runner = new JobRunnerService(ds, leases, clock, config);
  const overdue = new OverdueJob(ds, runner, t.app.get(ThreadService), clock);
  runner.register(overdue);
  runner.register(new AutomationsJob(ds, runner, t.app.get(AutoCloseRule), t.app.get(EscalateRule), mail, clock));
  return { runner, overdue, leases };
}

/**
 * Two instances on one database: on MySQL two whole apps (two connection pools, as N app servers behind a
 * load balancer have); on SQLite two runners with different holder ids in one app.
 */
describe(`background jobs on two instances (${testDbKind})`, () => {
  let a: TestApp;
  let b: TestApp | null = null;
  let one: Instance;
  let two: Instance;
  let ds: DataSource;
  let now: Date;
  let seq = 0;

  const setNow = (iso: string | Date) => (now = new Date(iso));
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));

  beforeAll(async () => {
    const url = await freshDatabaseUrl();
    a = await createTestApp({ DATABASE_URL: url, PUBLIC_URL: 'https://help.example.com/desk' });
    if (testDbKind === 'mysql') b = await createTestApp({ DATABASE_URL: url, PUBLIC_URL: 'https://help.example.com/desk' });
    ds = a.dataSource;
    for (const t of [a, b]) if (t) jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    one = instanceOf(a);
    two = b ? instanceOf(b) : await secondInstance(a);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (a?.config.database.type === 'sqlite') fs.rmSync(path.dirname(a.config.database.path), { recursive: true, force: true });
  });

  beforeEach(() => setNow('2025-03-03T15:00:00.000Z'));

  const addAgent = async (departmentId: number, more: Partial<Staff> = {}): Promise<Staff> => {
    seq++;
    const repo = ds.getRepository(Staff);
    return repo.save(repo.create({
      username: `agent${seq}`, email: `agent${seq}@example.com`, firstName: 'Agent', lastName: `No${seq}`, passwordHash: 'x',
      departmentId, roleId: 1, updatedAt: new Date(), ...more,
    }));
  };

  const addDepartment = async (name: string, managerId: number | null = null): Promise<Department> => {
    const repo = ds.getRepository(Department);
    return repo.save(repo.create({ name, managerId, isPublic: true, isActive: true, slaPlanId: null, parentId: null, email: null }));
  };

  const openTicket = async (columns: Partial<Ticket> = {}): Promise<Ticket> => {
    seq++;
    const ticket = await a.app.get(TicketIntakeService).open({
      email: `user${seq}@example.com`, name: `User ${seq}`, phone: null, topicId: 1, subject: `Problem ${seq}`, message: 'It broke.', source: 'phone', uploads: [],
    });
    if (Object.keys(columns).length > 0) await ds.getRepository(Ticket).update({ id: ticket.id }, columns);
    return ds.getRepository(Ticket).findOneByOrFail({ id: ticket.id });
  };

  const ticket = (id: number) => ds.getRepository(Ticket).findOneByOrFail({ id });
  const events = (ticketId: number, event: string) => ds.getRepository(ThreadEntry).find({ where: { ticketId, type: 'event', event: event as never }, order: { id: 'ASC' } });
  const mailTo = async (subjectPart: string) =>
    (await ds.getRepository(OutboxMail).find({ order: { id: 'ASC' } })).filter((m) => m.subject.includes(subjectPart));

  describe('leases', () => {
    it('lets exactly one of two racing instances run a job, and logs that one run', async () => {
      const jobA = new GatedJob('test.race');
      const jobB = new GatedJob('test.race');
      one.runner.register(jobA);
      two.runner.register(jobB);

      const runA = one.runner.runOnce('test.race');
      const runB = two.runner.runOnce('test.race');
      const loser = await Promise.race([runA, runB]);
      expect(loser).toMatchObject({ ran: false, runId: null });
      await Promise.race([jobA.begun, jobB.begun]);
      expect(jobA.started + jobB.started).toBe(1);

      jobA.finish();
      jobB.finish();
      const reports = await Promise.all([runA, runB]);
      expect(reports.filter((r) => r.ran)).toHaveLength(1);
      const winner = reports.find((r) => r.ran)!;
      expect(winner).toMatchObject({ outcome: 'ok', summary: 'did the work' });

      const runs = await ds.getRepository(JobRun).findBy({ name: 'test.race' });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ id: winner.runId, outcome: 'ok', summary: 'did the work' });
      expect(runs[0].finishedAt).not.toBeNull();
      const holders = [one.runner.holder, two.runner.holder];
      expect(holders[0]).not.toBe(holders[1]);
      expect(holders).toContain(runs[0].holder);
      // Released: the lease is free again and says how the run went.
      const lease = await ds.getRepository(JobLease).findOneByOrFail({ name: 'test.race' });
      expect(lease.leaseUntil.getTime()).toBeLessThan(now.getTime());
      expect(lease.lastResult).toBe('ok: did the work');

      // Free again: the next turn may go to either instance.
      const again = await two.runner.runOnce('test.race');
      expect(again.ran).toBe(true);
    });

    it('takes over a lease whose holder stopped renewing it, and the old holder cannot release it', async () => {
      const leaseA = one.leases;
      const leaseB = two.leases;
      expect(await leaseA.tryAcquire('test.expiry', 'host-a:1:aa', 5 * MINUTE)).toBe(true);
      expect(await leaseB.tryAcquire('test.expiry', 'host-b:2:bb', 5 * MINUTE)).toBe(false);
      // The holder itself may renew.
      expect(await leaseA.tryAcquire('test.expiry', 'host-a:1:aa', 5 * MINUTE)).toBe(true);

      advance(5 * MINUTE + 2_000);
      expect(await leaseB.tryAcquire('test.expiry', 'host-b:2:bb', 5 * MINUTE)).toBe(true);
      expect(await leaseA.tryAcquire('test.expiry', 'host-a:1:aa', 5 * MINUTE)).toBe(false);
      await leaseA.release('test.expiry', 'host-a:1:aa', 'late');
      const lease = await ds.getRepository(JobLease).findOneByOrFail({ name: 'test.expiry' });
      expect(lease.holder).toBe('host-b:2:bb');
      expect(lease.leaseUntil.getTime()).toBeGreaterThan(now.getTime());
      expect(lease.lastResult).toBeNull();
    });

    it('races of many acquirers on both instances: one winner', async () => {
      const services = [one.leases, two.leases];
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => services[i % 2].tryAcquire('test.many', `holder-${i}`, MINUTE)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('overdue job', () => {
    it('marks each breach once, writes one event and queues one alert per recipient, even run twice at once on two instances', async () => {
      const manager = await addAgent(2, { firstName: 'Mona', lastName: 'Manager' });
      const dept = await addDepartment('Escalations', manager.id);
      const x = await addAgent(dept.id, { firstName: 'Xavier' });
      const y = await addAgent(dept.id, { firstName: 'Yvonne' });
      await addAgent(dept.id, { firstName: 'Victor', onVacation: true });
      await addAgent(dept.id, { firstName: 'Ida', isActive: false });
      await ds.getRepository(SlaPlan).update({ id: 1 }, { alertsEnabled: true });
      const quiet = await ds.getRepository(SlaPlan).save(ds.getRepository(SlaPlan).create({ name: 'Quiet plan', firstResponseHours: null, resolutionHours: 8, scheduleId: null, alertsEnabled: false, isActive: true, isDefault: false }));

      const firstDue = new Date('2025-03-03T13:00:00.000Z');
      const resolutionDue = new Date('2025-03-03T14:30:00.000Z');
      const unassigned = await openTicket({ departmentId: dept.id, staffId: null, teamId: null, slaPlanId: 1, firstResponseDueAt: firstDue, slaDueAt: resolutionDue, resolutionDueAt: resolutionDue });
      const assigned = await openTicket({ departmentId: dept.id, staffId: x.id, teamId: null, slaPlanId: 1, firstResponseDueAt: null, slaDueAt: resolutionDue, resolutionDueAt: resolutionDue });
      const noAlerts = await openTicket({ departmentId: dept.id, staffId: null, slaPlanId: quiet.id, firstResponseDueAt: null, slaDueAt: resolutionDue, resolutionDueAt: resolutionDue });
      const answered = await openTicket({ departmentId: dept.id, slaPlanId: 1, firstResponseDueAt: firstDue, firstResponseAt: new Date('2025-03-03T14:00:00.000Z'), slaDueAt: null, resolutionDueAt: null });
      const notYet = await openTicket({ departmentId: dept.id, slaPlanId: 1, firstResponseDueAt: new Date('2025-03-03T16:00:00.000Z'), slaDueAt: new Date('2025-03-03T18:00:00.000Z') });
      const closed = await openTicket({ departmentId: dept.id, slaPlanId: 1, state: 'closed', statusId: 5, slaDueAt: resolutionDue });

      // Both instances run the job body at once, past the lease: the conditional UPDATE still marks once.
      const [ra, rb] = await Promise.all([one.overdue.run(), two.overdue.run()]);
      const marked = (r: JobResult) => (r.summary === 'no new breaches' ? 0 : Number(/marked (\d+) first-response and (\d+)/.exec(r.summary)!.slice(1, 3).reduce((s, n) => s + Number(n), 0)));
      expect(marked(ra) + marked(rb)).toBe(4);
      // And twice more through the leased runner, from both instances.
      const runs = await Promise.all([one.runner.runOnce('sla.overdue'), two.runner.runOnce('sla.overdue')]);
      for (const r of runs.filter((r) => r.ran)) expect(r).toMatchObject({ outcome: 'ok', summary: 'no new breaches' });

      const u = await ticket(unassigned.id);
      expect(u.firstResponseBreachedAt).toEqual(firstDue);
      expect(u.resolutionBreachedAt).toEqual(resolutionDue);
      expect(u.isOverdue).toBe(true);
      const overdueEvents = await events(unassigned.id, 'overdue');
      expect(overdueEvents.map((e) => e.body)).toEqual([
        'First response overdue: it was due 2025-03-03 13:00 UTC',
        'Resolution overdue: it was due 2025-03-03 14:30 UTC',
      ]);
      expect(overdueEvents[0]).toMatchObject({ posterName: 'RelayDesk', staffId: null, data: { target: 'first_response', dueAt: firstDue.toISOString() } });
      expect(await events(assigned.id, 'overdue')).toHaveLength(1);
      expect(await events(noAlerts.id, 'overdue')).toHaveLength(1);
      expect(await events(answered.id, 'overdue')).toHaveLength(0);
      expect(await events(notYet.id, 'overdue')).toHaveLength(0);
      expect(await events(closed.id, 'overdue')).toHaveLength(0);
      expect((await ticket(answered.id)).firstResponseBreachedAt).toBeNull();
      expect((await ticket(notYet.id)).isOverdue).toBe(false);

      // Unassigned: the department's reachable agents and its manager, once per breach each.
      const first = await mailTo(`[#${unassigned.number}] First response overdue`);
      const resolution = await mailTo(`[#${unassigned.number}] Resolution overdue`);
      const expected = [x.email, y.email, manager.email].sort();
      expect(first.map((m) => m.toAddress).sort()).toEqual(expected);
      expect(resolution.map((m) => m.toAddress).sort()).toEqual(expected);
      expect(first[0].subject).toBe(`[#${unassigned.number}] First response overdue: ${unassigned.subject}`);
      expect(first[0].textBody).toContain(`Ticket #${unassigned.number} is overdue: its first response was due 2025-03-03 13:00 UTC.`);
      expect(first[0].textBody).toContain(`https://help.example.com/desk/scp/tickets/${unassigned.id}`);
      expect(first[0].headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
      // Assigned: the assignee and the manager.
      expect((await mailTo(`[#${assigned.number}] Resolution overdue`)).map((m) => m.toAddress).sort()).toEqual([x.email, manager.email].sort());
      // The plan has alerts off: marked, no mail.
      expect(await mailTo(`[#${noAlerts.number}] Resolution overdue`)).toHaveLength(0);
      expect((await ticket(noAlerts.id)).resolutionBreachedAt).toEqual(resolutionDue);
    });

    it('keeps a breach of a manual due date marked across recomputes, so it is alerted once', async () => {
      const dept = await addDepartment('Manual dues');
      await addAgent(dept.id, { firstName: 'Manu' });
      const due = new Date('2025-03-03T14:00:00.000Z');
      const t = await openTicket({ departmentId: dept.id, staffId: null, slaPlanId: null, dueAt: due, slaDueAt: due, firstResponseDueAt: null, resolutionDueAt: null });
      await one.overdue.run();
      const recompute = () => ds.transaction((m) => a.app.get(SlaService).recompute(m, t.id, 'status_changed'));
      await recompute();
      expect((await ticket(t.id)).resolutionBreachedAt).toEqual(due);
      await one.overdue.run();
      await recompute();
      await one.overdue.run();
      expect(await events(t.id, 'overdue')).toHaveLength(1);
    });
  });

  describe('automations', () => {
    const addRule = (kind: AutomationKind, name: string, config: AutomationConfig) => {
      const repo = ds.getRepository(AutomationRule);
      return repo.save(repo.create({ kind, name, isActive: true, config, createdAt: now, updatedAt: now }));
    };
    const runAutomations = async () => {
      const [ra, rb] = await Promise.all([one.runner.runOnce('automations'), two.runner.runOnce('automations')]);
      expect([ra.ran, rb.ran].filter(Boolean)).toHaveLength(1);
      return ra.ran ? ra : rb;
    };

    afterEach(async () => {
      await ds.createQueryBuilder().delete().from(AutomationRule).execute();
    });

    it('says so in the log when no rule is active', async () => {
      const report = await runAutomations();
      expect(report).toMatchObject({ outcome: 'skipped', summary: 'no active automation rules' });
      expect(await ds.getRepository(JobRun).findOneByOrFail({ id: report.runId! })).toMatchObject({ outcome: 'skipped', name: 'automations' });
    });

    it('closes a resolved ticket after N days without a reply, once per episode', async () => {
      const rule = await addRule('auto_close', 'Close resolved after 3 days', { days: 3, fromStatusId: 4, toStatusId: 5 });
      const resolvedAt = new Date('2025-03-03T15:00:00.000Z');
      const t = await openTicket({ statusId: 4, state: 'closed', closedAt: resolvedAt, lastMessageAt: new Date('2025-03-03T12:00:00.000Z') });
      const other = await openTicket({ statusId: 4, state: 'closed', closedAt: new Date('2025-03-05T15:00:00.000Z') });

      setNow(new Date(resolvedAt.getTime() + 3 * DAY - MINUTE));
      expect((await runAutomations()).summary).toContain('closed 0 tickets');
      expect((await ticket(t.id)).statusId).toBe(4);

      setNow(new Date(resolvedAt.getTime() + 3 * DAY + MINUTE));
      const report = await runAutomations();
      expect(report.summary).toBe('1 rule, closed 1 ticket, escalated 0 tickets, queued 0 alerts');
      expect(await ticket(t.id)).toMatchObject({ statusId: 5, state: 'closed' });
      expect((await ticket(other.id)).statusId).toBe(4);
      const [closedEvent] = await events(t.id, 'closed');
      expect(closedEvent).toMatchObject({
        posterName: `RelayDesk (automation: ${rule.name})`,
        body: `Closed automatically after 3 days without a reply (Resolved → Closed, automation “${rule.name}”)`,
      });
      await runAutomations();
      expect(await events(t.id, 'closed')).toHaveLength(1);

      // A new episode: resolved again later, quiet for 3 more days.
      const again = new Date(now.getTime() + HOUR);
      await ds.getRepository(Ticket).update({ id: t.id }, { statusId: 4, closedAt: again });
      setNow(new Date(again.getTime() + 3 * DAY + MINUTE));
      await runAutomations();
      expect((await ticket(t.id)).statusId).toBe(5);
      expect(await events(t.id, 'closed')).toHaveLength(2);
    });

    it('escalates a ticket waiting N business hours for an agent, once per episode', async () => {
      const manager = await addAgent(2, { firstName: 'Petra', lastName: 'Lead' });
      const dept = await addDepartment('Tier 2', manager.id);
      const agent = await addAgent(dept.id, { firstName: 'Esme', lastName: 'Escalator' });
      const rule = await addRule('escalate', 'Four quiet hours', { hours: 4, departmentId: dept.id, actions: { assignStaffId: agent.id, raisePriority: true, alert: true } });
      // Monday 16:00 in New York (plan 1: Mon-Fri 8-17 America/New_York): one business hour left that day.
      const asked = new Date('2025-03-03T21:00:00.000Z');
      const t = await openTicket({ departmentId: dept.id, slaPlanId: 1, priorityId: 2, staffId: null, lastMessageAt: asked, lastResponseAt: null });
      const elsewhere = await openTicket({ departmentId: 1, slaPlanId: 1, lastMessageAt: asked, lastResponseAt: null });

      setNow('2025-03-04T01:00:00.000Z'); // Monday 20:00 NY: four calendar hours, one business hour
      await runAutomations();
      setNow('2025-03-04T15:59:00.000Z'); // Tuesday 10:59 NY: 3 h 59 min
      await runAutomations();
      expect(await events(t.id, 'escalated')).toHaveLength(0);

      setNow('2025-03-04T16:01:00.000Z'); // Tuesday 11:01 NY
      expect((await runAutomations()).summary).toBe('1 rule, closed 0 tickets, escalated 1 ticket, queued 2 alerts');
      expect(await ticket(t.id)).toMatchObject({ staffId: agent.id, priorityId: 3 });
      const actor = `RelayDesk (automation: ${rule.name})`;
      expect((await events(t.id, 'assigned')).map((e) => e.body)).toContain(`${actor} assigned the ticket to Esme Escalator`);
      expect((await events(t.id, 'priority_changed')).map((e) => e.body)).toEqual([`${actor} changed the priority from Normal to High`]);
      expect((await events(t.id, 'escalated')).map((e) => e.body)).toEqual([
        `No agent response for 4 business hours: escalated by automation “${rule.name}” (assigned to Esme Escalator, priority raised to High, alerted 2 agents)`,
      ]);
      expect((await mailTo(`[#${t.number}] No agent response`)).map((m) => m.toAddress).sort()).toEqual([agent.email, manager.email].sort());
      expect(await ds.getRepository(TicketAutomationMark).countBy({ ticketId: t.id, ruleId: rule.id })).toBe(1);
      expect(await events(elsewhere.id, 'escalated')).toHaveLength(0);

      // Same episode: nothing more, however long it waits.
      setNow('2025-03-05T20:00:00.000Z');
      await runAutomations();
      expect(await events(t.id, 'escalated')).toHaveLength(1);

      // An agent responds (the episode ends), then the user writes again and waits four business hours.
      await ds.getRepository(Ticket).update({ id: t.id }, { lastResponseAt: new Date('2025-03-05T20:30:00.000Z') });
      setNow('2025-03-05T20:45:00.000Z');
      await runAutomations();
      expect(await ds.getRepository(TicketAutomationMark).countBy({ ticketId: t.id })).toBe(0);
      await ds.getRepository(Ticket).update({ id: t.id }, { lastMessageAt: new Date('2025-03-05T21:00:00.000Z') }); // Wednesday 16:00 NY
      setNow('2025-03-06T16:01:00.000Z'); // Thursday 11:01 NY
      await runAutomations();
      expect(await events(t.id, 'escalated')).toHaveLength(2);
      expect((await ticket(t.id)).priorityId).toBe(4);
      // Already assigned to that agent: no second assignment event.
      expect((await events(t.id, 'assigned')).filter((e) => e.posterName === actor)).toHaveLength(1);
      expect(await mailTo(`[#${t.number}] No agent response`)).toHaveLength(4);
    });
  });
});
