/**
 * The platform every page stands on, through HTTP against the app built by the production configureApp:
 * health and readiness, security headers everywhere, error pages in the right layout (and JSON under
 * /api), CSRF, body and upload limits, running under a base path, and config validation.
 */
import { Body, Controller, Get, Module, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsString } from 'class-validator';
import type { Response } from 'express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { configureApp, SESSION_COOKIE } from '../../src/app.setup';
import { SessionRecord } from '../../src/auth/session.entity';
import { DomainError } from '../../src/common/errors';
import type { AppRequest } from '../../src/common/request-context';
import { AppConfig, ConfigError, loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { Ticket } from '../../src/tickets/ticket.entity';
import { createTestApp, TestApp } from '../support/create-test-app';
import { csrfFrom, formToken, loginAgent } from '../support/http';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
const ADMIN_PASSWORD = 'platform-test-password';

/** The policy's directives, however the header spaces them. */
const directives = (policy: string | undefined) => (policy ?? '').split(';').map((d) => d.trim()).filter(Boolean);

function expectSecurityHeaders(res: request.Response): void {
  expect(directives(res.headers['content-security-policy'])).toEqual(directives(CSP));
  expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  expect(res.headers['referrer-policy']).toBe('same-origin');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['x-request-id']).toMatch(/^[\w.:-]+$/);
}

/** Polls for an effect that happens when a response finishes, which may be just after the client has it. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return check();
}

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}

describe(`platform (${testDbKind})`, () => {
  let t: TestApp;
  const sessionRows = () => t.dataSource.getRepository(SessionRecord).count();
  const ticketRows = () => t.dataSource.getRepository(Ticket).count();
  const tempFiles = () => {
    const dir = path.join(t.config.dataDir, 'tmp');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_PASSWORD });
  });
  afterAll(() => t?.close());

  describe('health', () => {
    it('answers /healthz and /readyz without creating a session', async () => {
      const before = await sessionRows();
      const health = await request(t.http).get('/healthz').expect(200);
      expect(health.body).toEqual({ status: 'ok' });
      expect(health.headers['cache-control']).toBe('no-store');
      const ready = await request(t.http).get('/readyz').expect(200);
      expect(ready.body).toEqual({ status: 'ready', database: 'up' });
      for (const res of [health, ready]) expect(res.headers['set-cookie']).toBeUndefined();
      expect(await sessionRows()).toBe(before);
    });
  });

  describe('security headers', () => {
    it('are on a page, a 404, /healthz, a static file and a redirect', async () => {
      const responses = await Promise.all([
        request(t.http).get('/').expect(200),
        request(t.http).get('/no-such-page').expect(404),
        request(t.http).get('/healthz').expect(200),
        request(t.http).get('/public/css/app.css').expect(200),
        request(t.http).get('/scp').expect(303),
        request(t.http).get('/api/nothing-here').expect(404),
      ]);
      for (const res of responses) expectSecurityHeaders(res);
    });

    it('serves static files with an hour of caching', async () => {
      const res = await request(t.http).get('/public/css/app.css').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/css/);
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
    });
  });

  describe('errors', () => {
    it('renders an unknown portal path as a 404 page in the portal layout, creating no session', async () => {
      const res = await request(t.http).get('/no-such-page').expect(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<body class="area-portal">');
      expect(res.text).toContain('Error 404');
      expect(res.text).toContain('We could not find that page.');
      expect(res.text).not.toContain('Cannot GET');
      expect(sessionCookie(res)).toBeUndefined();
    });

    it('renders an unknown /scp path in the staff layout', async () => {
      const res = await request(t.http).get('/scp/no-such-page').expect(404);
      expect(res.text).toContain('<body class="area-scp">');
      expect(res.text).toContain('Error 404');
    });

    it('answers an unknown /api path with JSON', async () => {
      const res = await request(t.http).get('/api/no-such-thing').set('Accept', 'text/html').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'We could not find that page.' } });
    });

    it('sends a staff page that needs a login to the login form', async () => {
      const res = await request(t.http).get('/scp/tickets?queue=open').expect(303);
      expect(res.headers.location).toBe(`/scp/login?next=${encodeURIComponent('/scp/tickets?queue=open')}`);
    });

    it('answers malformed JSON with a 400, not a 500', async () => {
      const res = await request(t.http).post('/api/whatever').set('Content-Type', 'application/json').send('{"oops":').expect(400);
      expect(res.body).toEqual({ error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
    });
  });

  describe('CSRF', () => {
    const ticket = { email: 'csrf@example.com', name: 'Cee Surf', topicId: '1', subject: 'No token', message: 'This must not be saved.' };

    it('refuses a form POST without a token with 403, writing nothing', async () => {
      const before = await ticketRows();
      const res = await request(t.http).post('/tickets').type('form').send(ticket).expect(403);
      expect(res.text).toContain('Your session expired or the form was sent twice. Please try again.');
      expect(res.text).toContain('<body class="area-portal">');
      expect(await ticketRows()).toBe(before);
    });

    it('refuses a token from another session, and a multipart form without one (deleting its upload)', async () => {
      const before = await ticketRows();
      const other = await formToken(request.agent(t.http), '/tickets/new');
      const agent = request.agent(t.http);
      await formToken(agent, '/tickets/new');
      await agent.post('/tickets').type('form').send({ ...ticket, _csrf: other }).expect(403);

      const multipart = agent.post('/tickets');
      for (const [key, value] of Object.entries(ticket)) multipart.field(key, value);
      await multipart.attach('attachments', Buffer.from('hello'), 'hello.txt').expect(403);
      expect(await ticketRows()).toBe(before);
      expect(await eventually(() => tempFiles().length === 0)).toBe(true);
    });

    it('accepts the token in the staff login form', async () => {
      const agent = await loginAgent(t.http, 'admin', ADMIN_PASSWORD);
      const queue = await agent.get('/scp/tickets').expect(200);
      expect(queue.text).toContain('<body class="area-scp">');
    });

    it('does not apply to /api (no cookies there): the request reaches the router', async () => {
      const res = await request(t.http).post('/api/no-such-thing').send({ a: 1 }).expect(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('sessions', () => {
    it('sets an httpOnly, SameSite=Lax cookie on the root path, stored in the database', async () => {
      const before = await sessionRows();
      const res = await request(t.http).get('/tickets/new').expect(200);
      const cookie = sessionCookie(res);
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; Path=\/(;|$)/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/; Secure/); // plain HTTP, COOKIE_SECURE=auto
      expect(await sessionRows()).toBe(before + 1);
      expect(csrfFrom(res.text)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('limits', () => {
    it('answers a 2 MB form body with a 413 page', async () => {
      const res = await request(t.http).post('/status').type('form').send(`message=${'a'.repeat(2 * 1024 * 1024)}`).expect(413);
      expect(res.text).toContain('Error 413');
      expectSecurityHeaders(res);
    });

    it('answers a 2 MB JSON body under /api with JSON 413', async () => {
      const res = await request(t.http).post('/api/tickets').set('Content-Type', 'application/json').send(JSON.stringify({ message: 'a'.repeat(2 * 1024 * 1024) })).expect(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('keeps the typed text and explains when a form brings too many attachments', async () => {
      const before = await ticketRows();
      const agent = request.agent(t.http);
      const token = await formToken(agent, '/tickets/new');
      const post = agent.post('/tickets').field('_csrf', token).field('email', 'many@example.com').field('name', 'Many Files')
        .field('topicId', '1').field('subject', 'Six files').field('message', 'Here they are.');
      for (let i = 1; i <= 6; i++) post.attach('attachments', Buffer.from(`file ${i}`), `file-${i}.txt`);
      const res = await post.expect(422);
      expect(res.text).toContain('At most 5 attachments.');
      expect(res.text).toContain('value="Six files"');
      expect(await ticketRows()).toBe(before);
      expect(await eventually(() => tempFiles().length === 0)).toBe(true);
    });
  });

  describe('configuration', () => {
    it('names the bad variable, not its value', () => {
      expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
      try {
        loadConfig({ PORT: 'abc', SESSION_SECRET: 'short-secret-value' });
      } catch (err) {
        expect((err as Error).message).toContain('PORT');
        expect((err as Error).message).toContain('SESSION_SECRET');
        expect((err as Error).message).not.toContain('abc');
        expect((err as Error).message).not.toContain('short-secret-value');
      }
    });
  });
});

describe(`under BASE_PATH=/osTicket (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BASE_PATH: '/osTicket' });
  });
  afterAll(() => t?.close());

  it('serves health, CSS and pages under the base path only', async () => {
    await request(t.http).get('/osTicket/healthz').expect(200, { status: 'ok' });
    await request(t.http).get('/osTicket/readyz').expect(200);
    const css = await request(t.http).get('/osTicket/public/css/app.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const home = await request(t.http).get('/osTicket/').expect(200);
    expect(home.text).toContain('href="/osTicket/public/css/app.css"');
    const outside = await request(t.http).get('/healthz').expect(404);
    expectSecurityHeaders(outside);
    await request(t.http).get('/').expect(302).expect('Location', '/osTicket/');
  });

  it('scopes the session cookie to the base path', async () => {
    const res = await request(t.http).get('/osTicket/scp/login').expect(200);
    expect(sessionCookie(res)).toMatch(/; Path=\/osTicket(;|$)/);
  });

  it('renders 404s with links under the base path, and JSON under /osTicket/api', async () => {
    const page = await request(t.http).get('/osTicket/scp/nowhere').expect(404);
    expect(page.text).toContain('<body class="area-scp">');
    expect(page.text).toContain('href="/osTicket/public/css/app.css"');
    const api = await request(t.http).get('/osTicket/api/nowhere').expect(404);
    expect(api.body.error.code).toBe('not_found');
  });
});

describe(`readiness when the database is gone (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers /readyz with 503 and Retry-After, /healthz still 200, pages 503', async () => {
    const visitor = request.agent(t.http);
    await visitor.get('/tickets/new').expect(200); // a session to load on the next request
    await t.dataSource.destroy();
    const ready = await request(t.http).get('/readyz').expect(503);
    expect(ready.body).toEqual({ status: 'unavailable', database: 'down' });
    expect(ready.headers['retry-after']).toBe('30');
    await request(t.http).get('/healthz').expect(200);

    const page = await request(t.http).get('/tickets/new').expect(503);
    expect(page.headers['retry-after']).toBe('30');
    expect(page.text).toContain('temporarily unavailable');
    expect(page.text).not.toMatch(/QueryFailedError|connection is not|at .*\.js/);
    expectSecurityHeaders(page);
    // loading the session itself fails: still a 503 page, not a 500
    const withSession = await visitor.get('/').expect(503);
    expect(withSession.text).toContain('temporarily unavailable');
  });
});

// ---------------------------------------------------------------------------------------------------
// The global filter and the request log, against a controller made to fail in every way we handle.

class ThingDto {
  @IsString()
  name: string;
}

@Controller()
class FailingController {
  @Get('boom')
  boom(): never {
    throw new Error('secret internals at /srv/relaydesk/src/secret.ts');
  }

  @Get('scp/boom')
  scpBoom(): never {
    throw new Error('secret internals');
  }

  @Get('api/boom')
  apiBoom(): never {
    throw new Error('secret internals');
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError('conflict', 'Someone else changed this ticket.');
  }

  @Get('api/conflict')
  apiConflict(): never {
    throw new DomainError('validation_failed', 'Subject is required.', { subject: 'Subject is required.' });
  }

  @Get('db-down')
  dbDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
  }

  @Get('missing-view')
  missingView(@Res() res: Response): void {
    res.render('no/such/view', { layout: 'layouts/portal' });
  }

  @Get('broken-layout')
  brokenLayout(@Res({ passthrough: true }) res: Response): never {
    res.locals.helpdeskName = { toString: () => { throw new Error('layout exploded'); } };
    throw new NotFoundException();
  }

  @Get('flash')
  flash(@Req() req: AppRequest, @Res() res: Response): void {
    req.flash?.('success', 'Saved it.');
    res.redirect(303, '/page');
  }

  @Get('page')
  page(@Res() res: Response): void {
    res.render('errors/error', { title: 'A page', status: 200, message: 'Hello', layout: 'layouts/portal' });
  }

  @Post('api/things')
  create(@Body() dto: ThingDto): ThingDto {
    return dto;
  }
}

describe(`the global filter and the request log (${testDbKind})`, () => {
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;
  let config: AppConfig;
  let workDir: string;
  const logLines: string[] = [];
  const logs = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  /** The request line is written when the response finishes, which may be just after the client has it. */
  async function logLine(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
    await eventually(() => logs().some(predicate));
    return logs().find(predicate);
  }

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-filter-'));
    config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: await freshDatabaseUrl(), SESSION_SECRET: 'f'.repeat(40) }, workDir);
    @Module({ imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config), retryAttempts: 0 })], controllers: [FailingController] })
    class FailingModule {}
    app = await NestFactory.create<NestExpressApplication>(FailingModule, { bodyParser: false, bufferLogs: true });
    await configureApp(app, config, { logDestination: { write: (line: string) => void logLines.push(line) } });
    await app.get(DataSource).runMigrations();
    await app.init();
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('turns an unexpected error into a plain 500 page, and logs it with its stack', async () => {
    logLines.length = 0;
    const res = await request(http).get('/boom').set('Cookie', 'other=1').expect(500);
    expect(res.text).toContain('Something went wrong on our side.');
    expect(res.text).toContain('<body class="area-portal">');
    expect(res.text).not.toMatch(/secret|srv|\.ts|at /);
    expectSecurityHeaders(res);
    const logged = logs().find((l) => l.msg === 'unhandled error on GET /boom');
    expect(logged).toMatchObject({ level: 'error', err: { message: 'secret internals at /srv/relaydesk/src/secret.ts' } });
    expect((logged?.err as { stack: string }).stack).toContain('FailingController');
    const line = await logLine((l) => l.msg === 'GET /boom 500');
    expect(line).toMatchObject({ level: 'error', res: { statusCode: 500 } });
    expect(line?.err).toBeUndefined(); // the filter logged the real one
  });

  it('writes one JSON line per request with method, url, status, time and id, and no cookies', async () => {
    logLines.length = 0;
    const res = await request(http).get('/conflict?x=1').set('Cookie', `${SESSION_COOKIE}=s%3Asecret`).set('Authorization', 'Bearer secret').expect(409);
    const line = await logLine((l) => (l.req as { url?: string } | undefined)?.url === '/conflict?x=1');
    expect(line).toMatchObject({ level: 'info', req: { method: 'GET', id: res.headers['x-request-id'] }, res: { statusCode: 409 } });
    expect(typeof line?.responseTime).toBe('number');
    expect(logLines.join('')).not.toContain('secret');
  });

  it('keeps a well-formed request id from the proxy', async () => {
    const res = await request(http).get('/healthz').set('X-Request-Id', 'proxy-42').expect(404);
    expect(res.headers['x-request-id']).toBe('proxy-42');
    const bad = await request(http).get('/healthz').set('X-Request-Id', 'not ok <script>').expect(404);
    expect(bad.headers['x-request-id']).not.toContain('script');
  });

  it('uses the staff layout under /scp and JSON under /api, without internals', async () => {
    const scp = await request(http).get('/scp/boom').expect(500);
    expect(scp.text).toContain('<body class="area-scp">');
    const api = await request(http).get('/api/boom').expect(500);
    expect(api.body).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
  });

  it('shows a DomainError with its own status and message', async () => {
    const page = await request(http).get('/conflict').expect(409);
    expect(page.text).toContain('Someone else changed this ticket.');
    const api = await request(http).get('/api/conflict').expect(422);
    expect(api.body).toEqual({ error: { code: 'validation_failed', message: 'Subject is required.', fields: { subject: 'Subject is required.' } } });
  });

  it('answers an unreachable database with 503 and Retry-After', async () => {
    const res = await request(http).get('/db-down').expect(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.text).toContain('temporarily unavailable');
    expect(res.text).not.toContain('ECONNREFUSED');
  });

  it('hides a template failure behind the 500 page', async () => {
    const res = await request(http).get('/missing-view').expect(500);
    expect(res.text).toContain('Something went wrong on our side.');
    expect(res.text).not.toContain('no/such/view');
  });

  it('falls back to a minimal page when the error page itself cannot be rendered', async () => {
    const res = await request(http).get('/broken-layout').expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1>Page not found</h1>');
    expect(res.text).not.toContain('layout exploded');
    expectSecurityHeaders(res);
  });

  it('validates API bodies against their DTO, refusing unknown properties', async () => {
    await request(http).post('/api/things').send({ name: 'ok' }).expect(201, { name: 'ok' });
    const res = await request(http).post('/api/things').send({ name: 1, isAdmin: true }).expect(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toContain('property isAdmin should not exist');
    expect(res.body.error.message).toContain('name must be a string');
  });

  it('shows a flash message once, on the next page', async () => {
    const agent = request.agent(http);
    await agent.get('/flash').expect(303);
    const first = await agent.get('/page').expect(200);
    expect(first.text).toContain('Saved it.');
    const second = await agent.get('/page').expect(200);
    expect(second.text).not.toContain('Saved it.');
  });

  it('ignores an expired session row', async () => {
    const agent = request.agent(http);
    const res = await agent.get('/flash').expect(303);
    const sid = decodeURIComponent(/=([^;]+)/.exec(sessionCookie(res) ?? '')?.[1] ?? '').replace(/^s:/, '').replace(/\.[^.]*$/, '');
    const sessions = app.get(DataSource).getRepository(SessionRecord);
    expect(JSON.parse((await sessions.findOneByOrFail({ sid })).data).flash).toEqual([{ type: 'success', message: 'Saved it.' }]);
    await sessions.update({ sid }, { expiresAt: new Date(Date.now() - 60_000) });
    const page = await agent.get('/page').expect(200);
    expect(page.text).not.toContain('Saved it.');
  });
});
