/**
 * Recognises the database refusing a write because of a constraint, on SQLite and MySQL/MariaDB alike,
 * so a rule checked first in code (a free name, an unused row) that loses a race with another request
 * still ends as the same clear refusal instead of a 500.
 */
export type ConstraintKind = 'unique' | 'foreign_key';

const SQLITE_CODES: Record<ConstraintKind, string[]> = {
  unique: ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'],
  foreign_key: ['SQLITE_CONSTRAINT_FOREIGNKEY'],
};
/** 1062 duplicate entry; 1451/1217 a row still referenced by a foreign key. */
const MYSQL_ERRNOS: Record<ConstraintKind, number[]> = { unique: [1062], foreign_key: [1451, 1217] };

export function isConstraintViolation(err: unknown, kind: ConstraintKind): boolean {
  for (const e of [err, (err as { driverError?: unknown } | null)?.driverError]) {
    if (!e || typeof e !== 'object') continue;
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && SQLITE_CODES[kind].includes(code)) return true;
    if (typeof errno === 'number' && MYSQL_ERRNOS[kind].includes(errno)) return true;
  }
  return false;
}
