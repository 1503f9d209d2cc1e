import { isConstraintViolation } from './constraint-errors';

describe('isConstraintViolation', () => {
  it('knows SQLite and MySQL unique violations, directly or wrapped by TypeORM', () => {
    expect(isConstraintViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'unique')).toBe(true);
    expect(isConstraintViolation({ driverError: { errno: 1062 } }, 'unique')).toBe(true);
    expect(isConstraintViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' }, 'foreign_key')).toBe(false);
  });

  it('knows foreign key refusals', () => {
    expect(isConstraintViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }, 'foreign_key')).toBe(true);
    expect(isConstraintViolation({ errno: 1451 }, 'foreign_key')).toBe(true);
  });

  it('ignores anything else', () => {
    for (const err of [null, undefined, 'text', new Error('boom'), { code: 'ECONNRESET' }]) expect(isConstraintViolation(err, 'unique')).toBe(false);
  });
});
