import request from 'supertest';
import { SatisfactionSurveyService } from '../../src/satisfaction/satisfaction-survey.service';
import { SatisfactionRating, SatisfactionRequest } from '../../src/satisfaction/satisfaction.entities';
import { StaffService } from '../../src/staff/staff.service';
import { TicketActionsService } from '../../src/tickets/ticket-actions.service';
import { TicketIntakeService } from '../../src/tickets/ticket-intake.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
const RESOLVED = 4;
const OPEN = 1;
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe(`satisfaction ratings (${testDbKind})`, () => {
  let t: TestApp;
  let ticket: Ticket;
  let karen: Agent;
  const ratings = () => t.dataSource.getRepository(SatisfactionRating);

  async function setStatus(statusId: number): Promise<void> {
    const scope = await t.app.get(StaffService).scope(1);
    await t.app.get(TicketActionsService).changeStatus(scope!, ticket.id, statusId, '');
  }
  async function latestLink(): Promise<string> {
    const url = await t.dataSource.transaction((m) => t.app.get(SatisfactionSurveyService).issueLink(m, ticket.id));
    if (!url) throw new Error('the ticket is not resolved');
    return url.replace('http://localhost:3000', '');
  }
  async function rateOnPortal(fields: Record<string, string>) {
    const token = csrfFrom((await karen.get(`/tickets/${ticket.number}`).expect(200)).text);
    return karen.post(`/tickets/${ticket.number}/rating`).type('form').send({ _csrf: token, ...fields });
  }

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'admin', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-pass-123' });
    const opened = await t.app.get(TicketIntakeService).open({
      email: 'karen@example.com', name: 'Karen Kline', phone: null, topicId: 1, subject: 'Mobile banking is down', message: 'It fails.', source: 'web', uploads: [],
    });
    ticket = await t.dataSource.getRepository(Ticket).findOneByOrFail({ id: opened.id });
    karen = request.agent(t.http);
    const token = await formToken(karen, '/status');
    await karen.post('/status').type('form').send({ _csrf: token, email: 'karen@example.com', number: ticket.number }).expect(303);
  });
  afterAll(() => t.close());

  it('offers no rating while the ticket is open, and refuses one (409, nothing written)', async () => {
    expect((await karen.get(`/tickets/${ticket.number}`).expect(200)).text).not.toContain('Rate our help');
    expect((await rateOnPortal({ rating: 'good' })).status).toBe(409);
    expect(await ratings().count()).toBe(0);
  });

  it('issues a rating link for a resolved ticket only', async () => {
    await expect(latestLink()).rejects.toThrow('the ticket is not resolved');
    await setStatus(RESOLVED);
    expect(await latestLink()).toMatch(/^\/satisfaction\/[A-Za-z0-9_-]{20,}$/);
    expect(await t.dataSource.getRepository(SatisfactionRequest).countBy({ ticketId: ticket.id })).toBe(1);
  });

  it('rates from the portal ticket page once: bad input is a 422 that keeps the comment, a second rating a 409', async () => {
    const page = await karen.get(`/tickets/${ticket.number}`).expect(200);
    expect(page.text).toContain('Rate our help');
    const bad = await rateOnPortal({ rating: 'meh', comment: 'so <so>' });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'rate-rating')).toBe('Choose Good or Bad.');
    expect(bad.text).toContain('so &lt;so&gt;');
    expect(await ratings().count()).toBe(0);

    const res = await rateOnPortal({ rating: 'good', comment: 'Quick fix, thanks' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/tickets/${ticket.number}`);
    const [rating] = await ratings().find();
    expect(rating).toMatchObject({ ticketId: ticket.id, rating: 'good', comment: 'Quick fix, thanks', source: 'portal', departmentId: ticket.departmentId, helpTopicId: 1 });
    const after = await karen.get(res.headers.location).expect(200);
    expect(after.text).toContain('Thank you for rating our help!');
    expect(after.text).toContain('You rated this resolution');

    const again = await rateOnPortal({ rating: 'bad' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This resolution has already been rated.');
    expect(await ratings().count()).toBe(1);
  });

  it('rates a new resolution after a reopen through the mail link: GET only shows the form, POST records', async () => {
    const oldLink = await latestLink();
    await setStatus(OPEN);
    await setStatus(RESOLVED);
    const link = await latestLink();
    expect(link).not.toBe(oldLink);
    await request(t.http).get(oldLink).expect(404);
    await request(t.http).get('/satisfaction/not-a-real-token-at-all').expect(404);

    const browser = request.agent(t.http);
    const form = await browser.get(link).expect(200);
    expect(form.text).toContain('Did we solve your problem?');
    expect(await ratings().count()).toBe(1);
    const bad = await browser.post(link).type('form').send({ _csrf: csrfFrom(form.text), rating: '', comment: 'x'.repeat(2001) });
    expect(bad.status).toBe(422);
    expect(fieldError(bad.text, 'rate-comment')).toBe('The comment must be at most 2000 characters.');
    const res = await browser.post(link).type('form').send({ _csrf: csrfFrom(form.text), rating: 'bad', comment: 'Took too long' });
    expect(res.status).toBe(303);
    expect(await ratings().countBy({ ticketId: ticket.id, rating: 'bad', source: 'mail' })).toBe(1);
    expect((await browser.get(link).expect(200)).text).toContain('You rated our help on ticket');
    expect((await browser.post(link).type('form').send({ _csrf: csrfFrom(form.text), rating: 'good' })).status).toBe(409);
    expect(await ratings().count()).toBe(2);
  });

  it('shows the ratings on the staff ticket page', async () => {
    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const page = await admin.get(`/scp/tickets/${ticket.id}`).expect(200);
    expect(page.text).toContain('<h2 id="satisfaction-heading">Satisfaction</h2>');
    expect(page.text).toContain('Took too long');
    expect(page.text).toContain('Quick fix, thanks');
  });

  it('reports good/bad counts and % by agent, department and help topic for admins; refuses a bad period and agents without the permission', async () => {
    const admin = await loginAgent(t.http, 'admin', 'admin-pass-123');
    const report = await admin.get(`/scp/reports/satisfaction?from=${day(-1)}&to=${day(1)}`).expect(200);
    expect(report.text).toContain('<strong>50% good</strong>');
    expect(report.text).toMatch(/<td data-label="Name">Support<\/td><td data-label="Good" class="num">1<\/td><td data-label="Bad" class="num">1<\/td><td data-label="Total" class="num">2<\/td><td data-label="% good" class="num">50%<\/td>/);
    expect(report.text).toContain('<td data-label="Name">General Inquiry</td>');
    expect(report.text).toContain('<td data-label="Name">Unassigned</td>');
    const empty = await admin.get(`/scp/reports/satisfaction?from=${day(-30)}&to=${day(-20)}`).expect(200);
    expect(empty.text).toContain('No ratings in this period.');

    const bad = await admin.get(`/scp/reports/satisfaction?from=${day(1)}&to=${day(-1)}`).expect(422);
    expect(fieldError(bad.text, 'report-to')).toBe('The end must be on or after the start.');
    expect(fieldError((await admin.get('/scp/reports/satisfaction?from=yesterday').expect(422)).text, 'report-from')).toBe('Enter the start as a date (YYYY-MM-DD).');

    await t.app.get(StaffService).create({ username: 'lim', email: 'lim@example.com', firstName: 'Lim', lastName: 'Ited', password: 'lim-pass-1234', departmentId: 1, roleId: 3 });
    const limited = await loginAgent(t.http, 'lim', 'lim-pass-1234');
    await limited.get('/scp/reports/satisfaction').expect(404);
  });
});
