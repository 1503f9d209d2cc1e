import request from 'supertest';
import { LoginThrottle } from '../../src/auth/login-throttle.entity';
import { Clock } from '../../src/common/clock';
import { SettingsService } from '../../src/settings/settings.service';
import { Ticket } from '../../src/tickets/ticket.entity';
import { User } from '../../src/users/user.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom } from '../support/http';
import { testDbKind } from '../support/test-db';

type Agent = ReturnType<typeof request.agent>;
const system = { type: 'system' as const, id: null, name: 'test', ip: null };

describe(`portal abuse resistance (${testDbKind})`, () => {
  let t: TestApp;
  let now = new Date('2026-11-23T15:00:00Z');
  const counts = async () => [await t.dataSource.getRepository(Ticket).count(), await t.dataSource.getRepository(User).count()];

  beforeAll(async () => {
    t = await createTestApp({ PORTAL_RATE_LIMITS: 'on' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
  });
  afterAll(() => t.close());

  const ticketFields = (email: string) => ({ email, name: 'Pat Doe', topicId: '1', subject: 'Printer', message: 'It jams.' });

  async function openTicket(agent: Agent, fields: Record<string, string>, answer?: (question: string) => string) {
    const page = await agent.get('/tickets/new').expect(200);
    const question = /<label for="form-captcha">([^<]*)<\/label>/.exec(page.text)?.[1];
    const token = /name="captchaToken" value="([^"]+)"/.exec(page.text)?.[1];
    const extra = question && answer ? { captcha: answer(question), captchaToken: token! } : {};
    return agent.post('/tickets').type('form').send({ _csrf: csrfFrom(page.text), ...fields, ...extra });
  }

  it('refuses a filled honeypot with 422 and writes nothing; the field is off-screen and out of the tab order', async () => {
    const before = await counts();
    const agent = request.agent(t.http);
    const res = await openTicket(agent, { ...ticketFields('bot@example.com'), website: 'http://spam.example' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This form could not be sent.');
    expect(res.text).toContain('value="bot@example.com"');
    expect(res.text).toMatch(/<div class="hp-field" aria-hidden="true">[\s\S]*tabindex="-1"/);
    expect(await counts()).toEqual(before);
  });

  it('limits status checks per email with a 429 and Retry-After, kept in the database so a fresh cookie does not reset it', async () => {
    const check = async (agent: Agent, email: string, number: string) => {
      const page = await agent.get('/status');
      return agent.post('/status').type('form').send({ _csrf: csrfFrom(page.text), email, number });
    };
    const guesser = request.agent(t.http);
    for (let i = 0; i < 10; i++) expect((await check(guesser, 'victim@example.com', String(100000 + i))).status).toBe(404);
    const limited = await check(guesser, 'victim@example.com', '200000');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(limited.text).toContain('Too many attempts');
    expect(await t.dataSource.getRepository(LoginThrottle).findOneBy({ key: 'rl:status-check:email:victim@example.com' })).toMatchObject({ failures: 11 });

    expect((await check(request.agent(t.http), 'VICTIM@example.com', '1')).status).toBe(429);
    // Another address is limited on its own.
    expect((await check(request.agent(t.http), 'other@example.com', '1')).status).toBe(404);
    // When the window is over, the email may try again.
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await check(request.agent(t.http), 'victim@example.com', '1')).status).toBe(404);
  });

  it('with the CAPTCHA setting on, asks a sum; a wrong answer is a 422 with nothing written, and a token works once', async () => {
    await t.app.get(SettingsService).update(system, { portalCaptcha: true });
    const agent = request.agent(t.http);
    const before = await counts();
    const wrong = await openTicket(agent, ticketFields('pat@example.com'), () => '99');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Answer the question to show you are a person.');
    expect(wrong.text).toContain('value="pat@example.com"');
    expect(await counts()).toEqual(before);

    const sum = (q: string) => String(q.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0));
    const page = await agent.get('/tickets/new');
    const question = /<label for="form-captcha">([^<]*)<\/label>/.exec(page.text)![1];
    const token = /name="captchaToken" value="([^"]+)"/.exec(page.text)![1];
    const send = async () => {
      const csrf = csrfFrom((await agent.get('/tickets/new')).text);
      return agent.post('/tickets').type('form').send({ _csrf: csrf, ...ticketFields('pat@example.com'), captcha: sum(question), captchaToken: token });
    };
    expect((await send()).status).toBe(303);
    expect(await t.dataSource.getRepository(Ticket).count()).toBe(before[0] + 1);
    const again = await send();
    expect(again.status).toBe(422);
    expect(await t.dataSource.getRepository(Ticket).count()).toBe(before[0] + 1);
    await t.app.get(SettingsService).update(system, { portalCaptcha: false });
  });

  it('limits opening tickets per address', async () => {
    const agent = request.agent(t.http);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await openTicket(agent, ticketFields(`flood${i}@example.com`))).status);
    // Ten per hour per address: the CAPTCHA test spent three (the honeypot is refused before counting).
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 303, 429, 429, 429, 429]);
  });
});
