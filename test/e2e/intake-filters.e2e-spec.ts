import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditActor } from '../../src/audit/audit.service';
import { CannedResponsesService } from '../../src/canned/canned.service';
import { TicketCollaborator } from '../../src/filters/filters.entities';
import { HelpTopic } from '../../src/help-topics/help-topic.entity';
import { FilterInput, IntakeFiltersService } from '../../src/filters/intake-filters.service';
import { OutboxMail } from '../../src/mail/outbox-mail.entity';
import { Staff } from '../../src/staff/staff.entity';
import { StaffService } from '../../src/staff/staff.service';
import { ThreadEntry } from '../../src/threads/thread-entry.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;

const actor: AuditActor = { type: 'staff', id: null, name: 'Test setup', ip: null };
const REFUSED = 'We could not accept this ticket. Please contact us another way.';

/** Opens a ticket through the portal form, as a browser would. */
async function submitOpen(t: TestApp, values: { email: string; subject: string; message?: string; name?: string }): Promise<request.Response> {
  const agent: Agent = request.agent(t.http);
  const token = await formToken(agent, '/tickets/new');
  return agent.post('/tickets').type('form').send({
    _csrf: token, email: values.email, name: values.name ?? 'Karen Kline', phone: '', topicId: '2',
    subject: values.subject, message: values.message ?? 'Please help.',
  });
}

async function counts(db: DataSource) {
  return {
    tickets: await db.getRepository(Ticket).count(),
    users: await db.getRepository(User).count(),
    entries: await db.getRepository(ThreadEntry).count(),
    outbox: await db.getRepository(OutboxMail).count(),
    collaborators: await db.getRepository(TicketCollaborator).count(),
  };
}

describe(`intake filters at work (${testDbKind})`, () => {
  let t: TestApp;
  let db: DataSource;
  let jane: Staff;
  const rule = (name: string, over: Partial<FilterInput>): FilterInput => ({ name, match: 'all', isActive: true, conditions: [], actions: [], ...over });
  const latestTicket = () => db.getRepository(Ticket).findOneOrFail({ where: {}, order: { id: 'DESC' } });
  const feedbackTopic = () => db.getRepository(HelpTopic).findOneByOrFail({ id: 2 });
  const events = (ticketId: number) => db.getRepository(ThreadEntry).find({ where: { ticketId, type: 'event' }, order: { id: 'ASC' } });

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    db = t.dataSource;
    jane = await t.app.get(StaffService).create({ username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Roe', password: 'jane-pass-123', departmentId: 2, roleId: 1 });
    const thanks = await t.app.get(CannedResponsesService).create(actor, {
      title: 'We are on it', departmentId: null, isActive: true, body: 'Hi %{user.name}, ticket #%{ticket.number} (%{department.name}) is with %{agent.name}.',
    });
    const filters = t.app.get(IntakeFiltersService);
    await filters.create(actor, rule('Urgent VIPs', {
      conditions: [{ field: 'subject', operator: 'contains', value: 'urgent' }],
      actions: [
        { type: 'set_priority', priorityId: 4 }, { type: 'assign_agent', staffId: jane.id }, { type: 'add_collaborator', email: 'Boss@Example.com' },
        { type: 'send_canned_reply', cannedResponseId: thanks.id }, { type: 'suppress_autoresponse' },
      ],
    }));
    await filters.create(actor, rule('Sales domain', { conditions: [{ field: 'domain', operator: 'equals', value: 'example.org' }], actions: [{ type: 'set_department', departmentId: 2 }] }));
    await filters.create(actor, rule('Block spam', {
      match: 'any',
      conditions: [{ field: 'email', operator: 'ends_with', value: '@spam.test' }, { field: 'subject', operator: 'matches', value: '^free (money|gifts)' }],
      actions: [{ type: 'reject' }],
    }));
    await filters.create(actor, rule('Stop early', { conditions: [{ field: 'subject', operator: 'starts_with', value: 'stop' }], actions: [{ type: 'set_priority', priorityId: 1 }, { type: 'stop_processing' }] }));
    await filters.create(actor, rule('Never reached', { conditions: [{ field: 'subject', operator: 'contains', value: 'stop' }], actions: [{ type: 'set_department', departmentId: 3 }] }));
    await filters.create(actor, rule('Disabled rule', { isActive: false, conditions: [{ field: 'subject', operator: 'contains', value: 'urgent' }], actions: [{ type: 'set_department', departmentId: 3 }] }));
  });
  afterAll(() => t.close());

  it('applies a matching rule: department, priority, agent, collaborator, canned reply and one filters_applied event', async () => {
    const res = await submitOpen(t, { email: 'karen@example.org', subject: 'URGENT: the VPN is down' });
    expect(res.status).toBe(303);
    const ticket = await latestTicket();
    expect(ticket).toMatchObject({ departmentId: 2, priorityId: 4, staffId: jane.id, isAnswered: false, firstResponseAt: null });

    const collaborators = await db.getRepository(TicketCollaborator).find({ where: { ticketId: ticket.id }, relations: { user: true } });
    expect(collaborators.map((c) => c.user.email)).toEqual(['boss@example.com']);

    const reply = await db.getRepository(ThreadEntry).findOneByOrFail({ ticketId: ticket.id, type: 'response' });
    expect(reply).toMatchObject({ posterName: 'RelayDesk', body: `Hi Karen Kline, ticket #${ticket.number} (Sales) is with RelayDesk.` });
    const mail = await db.getRepository(OutboxMail).findOneByOrFail({ toAddress: 'karen@example.org' });
    expect(mail.subject).toBe(`[#${ticket.number}] URGENT: the VPN is down`);
    expect(mail.textBody).toBe(reply.body);
    expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });

    const applied = (await events(ticket.id)).filter((e) => e.event === 'filters_applied');
    expect(applied).toHaveLength(1);
    expect(applied[0].body).toBe(
      'Intake filters applied: “Urgent VIPs”: set priority to “Emergency”, assign to agent “Jane Roe”, add collaborator Boss@Example.com, ' +
      'send canned reply “We are on it”, suppress the autoresponse; “Sales domain”: set department to “Sales”',
    );
    expect(applied[0].data).toMatchObject({ collaborators: 'boss@example.com', suppressAutoresponse: 1 });
    expect((await events(ticket.id)).map((e) => e.body)).toContain('Assigned to Jane Roe by an intake filter');

    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const page = await admin.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain('<span class="ticket-collaborators">Boss &lt;boss@example.com&gt;</span>');
    expect(page.text).toContain('Intake filters applied: “Urgent VIPs”: set priority to “Emergency”');
  });

  it('refuses a ticket a reject rule matches, with a neutral message and nothing written', async () => {
    const before = await counts(db);
    const res = await submitOpen(t, { email: 'someone@spam.test', subject: 'Hello there' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(REFUSED);
    expect(res.text).not.toContain('Block spam');
    const byRegex = await submitOpen(t, { email: 'new@person.test', subject: 'Free gifts inside' });
    expect(byRegex.status).toBe(422);
    expect(await counts(db)).toEqual(before);
  });

  it('stops at a rule with stop processing: later rules do not run', async () => {
    expect((await submitOpen(t, { email: 'lee@example.net', subject: 'Stop the newsletter' })).status).toBe(303);
    const ticket = await latestTicket();
    expect(ticket).toMatchObject({ priorityId: 1, departmentId: 1 });
    const [applied] = (await events(ticket.id)).filter((e) => e.event === 'filters_applied');
    expect(applied.body).toBe('Intake filters applied: “Stop early”: set priority to “Low”, stop processing further filters');
  });

  it('routes a domain to Sales and leaves the rest to the help topic', async () => {
    expect((await submitOpen(t, { email: 'Sam@EXAMPLE.org', subject: 'Quote for 20 seats' })).status).toBe(303);
    const ticket = await latestTicket();
    expect(ticket).toMatchObject({ departmentId: 2, priorityId: (await feedbackTopic()).priorityId ?? 2, staffId: null });
    expect(await db.getRepository(ThreadEntry).countBy({ ticketId: ticket.id, type: 'response' })).toBe(0);
    const [applied] = (await events(ticket.id)).filter((e) => e.event === 'filters_applied');
    expect(applied.body).toBe('Intake filters applied: “Sales domain”: set department to “Sales”');
  });

  it('records no filter event when no rule matches', async () => {
    expect((await submitOpen(t, { email: 'pat@example.com', subject: 'Password reset' })).status).toBe(303);
    const ticket = await latestTicket();
    expect(ticket).toMatchObject({ departmentId: (await feedbackTopic()).departmentId ?? 1, priorityId: (await feedbackTopic()).priorityId ?? 2 });
    expect((await events(ticket.id)).map((e) => e.event)).not.toContain('filters_applied');
  });
});
