/**
 * Error codes that mean "the database cannot be reached right now" rather than "this query is wrong":
 * the server is down or restarting, the network dropped, the pool is full, or SQLite is locked by
 * another writer for longer than its busy timeout. These become 503 + Retry-After (SECURITY 16).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_BUSY_TIMEOUT',
]);

/** MySQL/MariaDB error numbers for the same conditions (1040 too many connections, 1053 shutdown). */
const UNAVAILABLE_ERRNOS = new Set([1040, 1053]);

/**
 * Messages without a code: TypeORM once the DataSource is not (or no longer) connected, better-sqlite3
 * after its handle was closed, mysql2 after its pool or connection was closed.
 */
const UNAVAILABLE_MESSAGE =
  /connection is not (yet )?established|database is not established|database connection is not open|pool is closed|connection is in closed state/i;

/**
 * True when `err` (or anything it wraps: TypeORM's `driverError`, an Error `cause`, the `errors` of an
 * AggregateError from a dual-stack connect) says the database is unreachable.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return check(err, 0);
}

function check(err: unknown, depth: number): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.errno === 'number' && UNAVAILABLE_ERRNOS.has(e.errno)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (check(e.driverError, depth + 1) || check(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => check(inner, depth + 1));
}

/**
 * Recognises the database refusing a write because of a constraint, on SQLite and MySQL/MariaDB alike,
 * so a rule checked first in code (a free name, an unused row) that loses a race with another request
 * still ends as the same clear refusal instead of a 500.
 */
export type ConstraintKind = 'unique' | 'foreign_key';

const SQLITE_CONSTRAINT_CODES: Record<ConstraintKind, string[]> = {
  unique: ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'],
  foreign_key: ['SQLITE_CONSTRAINT_FOREIGNKEY'],
};
/** 1062 duplicate entry; 1451/1217 a row still referenced by a foreign key. */
const MYSQL_CONSTRAINT_ERRNOS: Record<ConstraintKind, number[]> = { unique: [1062], foreign_key: [1451, 1217] };

/** True when `err` (or TypeORM's `driverError` inside it) is the database refusing a write of this kind. */
export function isConstraintViolation(err: unknown, kind: ConstraintKind): boolean {
  for (const e of [err, (err as { driverError?: unknown } | null)?.driverError]) {
    if (!e || typeof e !== 'object') continue;
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && SQLITE_CONSTRAINT_CODES[kind].includes(code)) return true;
    if (typeof errno === 'number' && MYSQL_CONSTRAINT_ERRNOS[kind].includes(errno)) return true;
  }
  return false;
}
