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
