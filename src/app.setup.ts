import { NotFoundException, ValidationPipe } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import * as hbs from 'hbs';
import helmet from 'helmet';
import * as fs from 'node:fs';
import * as path from 'node:path';
import passport from 'passport';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { DbSessionStore } from './auth/db-session.store';
import { AppExceptionFilter } from './common/app-exception.filter';
import { localsMiddleware } from './common/locals.middleware';
import { createAppLogger, httpLogger, PinoLoggerService } from './common/logging/pino-logger';
import { uploadMiddleware } from './common/upload.middleware';
import { AppConfig } from './config/app-config';
import { resolveSessionSecret } from './config/environment';
import { Settings } from './settings/settings.schema';
import { SettingsService } from './settings/settings.service';
import { viewHelpers } from './views/helpers';

export const SESSION_COOKIE = 'relaydesk_sid';

export interface ConfigureOptions {
  /** Where the JSON log lines go (default stdout); tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

const BODY_LIMIT = '1mb';

/**
 * Everything web-related, for production (main.ts) and tests alike, in the order requests meet it:
 * request log, proxy trust, security headers, base path, body parsers, static files, views, sessions,
 * passport, multipart uploads, CSRF, layout locals; then the global filter and validation pipe.
 * Call before app.init()/listen().
 */
export async function configureApp(app: NestExpressApplication, config: AppConfig, options: ConfigureOptions = {}): Promise<void> {
  const root = projectRoot();
  const base = config.basePath.replace(/\/+$/, '');
  const under = (p: string) => `${base}${p}`;

  // Logs: one JSON line per request, and Nest's own messages as JSON too.
  const logger = createAppLogger({ level: config.logLevel }, options.logDestination);
  app.useLogger(new PinoLoggerService(logger));
  app.use(httpLogger(logger));

  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // Security headers first, so every response carries them: pages, errors, files, redirects (SECURITY 12).
  app.use(securityHeaders());

  if (base) {
    app.setGlobalPrefix(base);
    app.use(outsideBasePath(base));
  }

  app.useBodyParser('urlencoded', { extended: false, limit: BODY_LIMIT });
  app.useBodyParser('json', { limit: BODY_LIMIT });

  app.useStaticAssets(path.join(root, 'public'), { prefix: under('/public'), maxAge: '1h', index: false, redirect: false });
  await configureViews(app, path.join(root, 'views'), config);

  // Sessions in the database (several instances, restarts); health probes never load or create one,
  // nor do the article suggestions the open-ticket form fetches while the user types. CASE: with rolling
  // cookies, a suggestion answered after the form's POST renewed the session sent the old cookie back,
  // and the browser landed on the thank-you page without its ticket.
  const sessionless = new Set([under('/healthz'), under('/readyz'), under('/kb/suggestions')]);
  const unlessSessionless = (handler: RequestHandler): RequestHandler => (req, res, next) =>
    sessionless.has(req.path) ? next() : handler(req, res, next);
  const store = new DbSessionStore(app.get(DataSource), { ttlMs: config.session.idleMinutes * 60_000 });
  app.use(
    unlessSessionless(
      session({
        name: SESSION_COOKIE,
        secret: resolveSessionSecret(config),
        store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: config.session.cookieSecure,
          path: base || '/',
          maxAge: config.session.idleMinutes * 60_000,
        },
      }),
    ),
  );
  app.use(unlessSessionless(passport.initialize()));
  app.use(unlessSessionless(passport.session()));

  app.use(uploadMiddleware({ tempDir: path.join(config.dataDir, 'tmp'), maxBytes: config.attachments.maxBytes, maxFiles: config.attachments.maxFiles }));

  // CSRF: a synchronizer token kept in the session, sent as the _csrf field or the X-CSRF-Token header.
  // The API authenticates with keys in a header, never cookies, so it is exempt.
  const csrf = csrfSync({
    getTokenFromRequest: (req) => {
      const field = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof field === 'string') return field;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
    getTokenFromState: (req) => req.session?.csrfToken,
    storeTokenInState: (req, token) => {
      if (req.session) req.session.csrfToken = token;
    },
    size: 32,
    skipCsrfProtection: (req) => req.path === under('/api') || req.path.startsWith(under('/api/')),
  });
  app.use(csrf.csrfSynchronisedProtection);

  const locals = localsMiddleware({
    basePath: base,
    helpdeskName: config.helpdeskName,
    settings: settingsReader(app),
    csrfToken: (req) => (req.session ? csrf.generateToken(req) : ''),
  });
  app.use(locals);

  app.useGlobalFilters(new AppExceptionFilter({ basePath: base, logger, locals }));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
}

/** The help desk's settings for the layouts, when the app has them (an app built from a bare test module does not). */
function settingsReader(app: NestExpressApplication): (() => Promise<Settings>) | undefined {
  let settings: SettingsService;
  try {
    // Through ModuleRef: a failed app.get() would end the process (Nest's abortOnError).
    settings = app.get(ModuleRef).get(SettingsService, { strict: false });
  } catch {
    return undefined;
  }
  return () => settings.get();
}

/**
 * The CSP allows our own scripts, styles and images (plus data: images) and nothing inline. No
 * upgrade-insecure-requests: a plain-HTTP install behind a proxy must still load its CSS. HSTS only on
 * HTTPS requests, so an install that serves HTTP is not locked out by a browser that once saw HTTPS.
 */
function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    headers(req, res, next);
  };
}

/** Under BASE_PATH the app owns only that prefix: `/` goes there, anything else is our 404 page. */
function outsideBasePath(base: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path === base || req.path.startsWith(`${base}/`)) return next();
    if (req.path === '/' && (req.method === 'GET' || req.method === 'HEAD')) return res.redirect(302, `${base}/`);
    next(new NotFoundException());
  };
}

/**
 * hbs with our helpers and every partial under views/partials, named by its path without extension
 * ("scp/queue-nav"). hbs 4.3.1 would turn "-" into "_" by default, hence the identity rename; its
 * registration is asynchronous, so wait for it, then check every file got its name.
 */
async function configureViews(app: NestExpressApplication, viewsDir: string, config: AppConfig): Promise<void> {
  const engine = hbs.create();
  for (const [name, fn] of Object.entries(viewHelpers)) engine.registerHelper(name, fn);
  const partialsDir = path.join(viewsDir, 'partials');
  const register = engine.registerPartials as unknown as (dir: string, options: { rename: (name: string) => string }, done: () => void) => void;
  await new Promise<void>((resolve) => register.call(engine, partialsDir, { rename: (name) => name }, resolve));
  const missing = partialNames(partialsDir).filter((name) => !engine.handlebars.partials[name]);
  if (missing.length > 0) throw new Error(`Could not register view partials: ${missing.join(', ')}`);

  app.engine('hbs', engine.__express);
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.set('view cache', config.env === 'production');
}

/** "shared/csrf", "scp/queue-nav"...: each template under `dir`, by its relative path without extension. */
function partialNames(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return partialNames(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.isFile() && /\.(hbs|html)$/.test(entry.name) ? [`${prefix}${entry.name.replace(/\.(hbs|html)$/, '')}`] : [];
  });
}

/** The folder holding package.json: `public/` and `views/` live there, whether we run from src/ or dist/src/. */
export function projectRoot(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
