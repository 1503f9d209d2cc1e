import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as path from 'node:path';
import { EnvironmentVariables } from './env.schema';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'mysql'; flavor: 'mysql' | 'mariadb'; url: string; poolSize: number };

/**
 * The one frozen configuration object. Inject it by class: `constructor(private readonly config: AppConfig)`.
 * Only `loadConfig` builds it, from a validated environment.
 */
export abstract class AppConfig {
  abstract readonly env: 'production' | 'development' | 'test';
  abstract readonly host: string;
  abstract readonly port: number;
  abstract readonly basePath: string;
  abstract readonly publicUrl: string;
  abstract readonly trustProxy: boolean | number | string;
  abstract readonly database: DatabaseConfig;
  abstract readonly dataDir: string;
  abstract readonly session: { readonly secret: string | null; readonly idleMinutes: number; readonly absoluteHours: number; readonly cookieSecure: 'auto' | boolean };
  abstract readonly helpdeskName: string;
  abstract readonly admin: { readonly email: string | null; readonly username: string; readonly password: string | null };
  abstract readonly demoPassword: string | null;
  abstract readonly attachments: { readonly dir: string; readonly maxBytes: number; readonly maxFiles: number };
  abstract readonly logLevel: string;
  /** Outgoing mail: no smtpUrl means mail is queued in the outbox but not delivered. */
  abstract readonly mail: { readonly smtpUrl: string | null; readonly from: string };
  /** Inbound mail: the largest mail accepted (the pipe answers 413 above it; fetched mail is quarantined). */
  abstract readonly inboundMail: { readonly maxBytes: number; readonly dir: string };
  /** Rate limits of the portal's public forms (src/abuse/rate-limits.ts): on, except in tests that do not ask for them. */
  abstract readonly portalRateLimits: boolean;
  /** Fetching mailboxes over IMAP: how often, and how many messages per download round trip. */
  abstract readonly mailFetch: { readonly intervalMs: number; readonly batchSize: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Validates the environment and builds the AppConfig. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Env, cwd = process.cwd()): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, pickKnown(env));
  const errors = validateSync(vars, { forbidUnknownValues: false });
  if (errors.length > 0) {
    // Name the variable and the rule, never the value (it may be a secret).
    throw new ConfigError(errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` })));
  }
  const port = vars.PORT ?? 3000;
  const basePath = vars.BASE_PATH ?? '';
  const dataDir = path.resolve(cwd, 'data');
  const config: AppConfig = {
    env: (vars.NODE_ENV as AppConfig['env']) ?? 'production',
    host: vars.HOST ?? '127.0.0.1',
    port,
    basePath,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${port}${basePath}`).replace(/\/+$/, ''),
    trustProxy: parseTrustProxy(vars.TRUST_PROXY ?? 'loopback'),
    database: parseDatabaseUrl(vars.DATABASE_URL ?? 'sqlite:data/relaydesk.sqlite', vars.DATABASE_POOL_SIZE ?? 10, cwd),
    dataDir,
    session: {
      secret: vars.SESSION_SECRET ?? null,
      idleMinutes: vars.SESSION_IDLE_MINUTES ?? 120,
      absoluteHours: vars.SESSION_ABSOLUTE_HOURS ?? 12,
      cookieSecure: vars.COOKIE_SECURE === 'true' ? true : vars.COOKIE_SECURE === 'false' ? false : 'auto',
    },
    helpdeskName: vars.HELPDESK_NAME ?? 'RelayDesk',
    admin: { email: vars.ADMIN_EMAIL ?? null, username: vars.ADMIN_USERNAME ?? 'admin', password: vars.ADMIN_PASSWORD ?? null },
    demoPassword: vars.DEMO_PASSWORD ?? null,
    attachments: {
      dir: path.resolve(cwd, vars.ATTACHMENTS_DIR ?? 'data/attachments'),
      maxBytes: (vars.ATTACHMENT_MAX_MB ?? 10) * 1024 * 1024,
      maxFiles: vars.ATTACHMENT_MAX_FILES ?? 5,
    },
    logLevel: vars.LOG_LEVEL ?? 'info',
    mail: { smtpUrl: vars.SMTP_URL ?? null, from: vars.MAIL_FROM ?? defaultMailFrom(vars.HELPDESK_NAME ?? 'RelayDesk') },
    inboundMail: { maxBytes: (vars.INBOUND_MAIL_MAX_MB ?? 25) * 1024 * 1024, dir: path.join(dataDir, 'inbound-mail') },
    // CASE: test suites open many tickets from one address; those about the limits turn them on.
    portalRateLimits: vars.PORTAL_RATE_LIMITS ? vars.PORTAL_RATE_LIMITS === 'on' : vars.NODE_ENV !== 'test',
    mailFetch: { intervalMs: (vars.MAIL_FETCH_INTERVAL_SECONDS ?? 120) * 1000, batchSize: vars.MAIL_FETCH_BATCH ?? 10 },
  };
  return deepFreeze(config);
}

function pickKnown(env: Env): Env {
  return Object.fromEntries(KNOWN_VARS.map((k) => [k, env[k]]).filter(([, v]) => v !== undefined));
}

const KNOWN_VARS = [
  'NODE_ENV', 'HOST', 'PORT', 'BASE_PATH', 'PUBLIC_URL', 'TRUST_PROXY', 'DATABASE_URL', 'DATABASE_POOL_SIZE',
  'SESSION_SECRET', 'SESSION_IDLE_MINUTES', 'SESSION_ABSOLUTE_HOURS', 'COOKIE_SECURE', 'HELPDESK_NAME', 'ADMIN_EMAIL', 'ADMIN_USERNAME',
  'ADMIN_PASSWORD', 'DEMO_PASSWORD', 'ATTACHMENTS_DIR', 'ATTACHMENT_MAX_MB', 'ATTACHMENT_MAX_FILES', 'LOG_LEVEL',
  'SMTP_URL', 'MAIL_FROM', 'INBOUND_MAIL_MAX_MB', 'PORTAL_RATE_LIMITS', 'MAIL_FETCH_INTERVAL_SECONDS', 'MAIL_FETCH_BATCH',
];

/** `"RelayDesk" <helpdesk@localhost>`: the help desk's name, quoted for a From header. */
function defaultMailFrom(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, '')}" <helpdesk@localhost>`;
}

function parseDatabaseUrl(url: string, poolSize: number, cwd: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  // mariadb:// tells TypeORM the server's dialect (defaults and schema introspection differ slightly).
  const flavor = url.startsWith('mariadb:') ? 'mariadb' : 'mysql';
  return { type: 'mysql', flavor, url: url.replace(/^mariadb:/, 'mysql:'), poolSize };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // 'loopback', or a comma list of addresses/CIDRs, as Express understands it
}

function deepFreeze<T extends object>(obj: T): T {
  for (const value of Object.values(obj)) if (value && typeof value === 'object') deepFreeze(value);
  return Object.freeze(obj);
}
