import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, QueryFailedError } from 'typeorm';
import { isConstraintViolation, isDatabaseUnavailable } from './database-errors';

/** The errors come from the real drivers wherever that is cheap; the rest are shaped like theirs. */
describe('isDatabaseUnavailable', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-dberr-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function errorOf(fn: () => unknown): Promise<unknown> {
    try {
      await fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  }

  it('is true for a query on a TypeORM DataSource whose SQLite handle was closed', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: path.join(dir, 'closed.sqlite') });
    await ds.initialize();
    await ds.destroy();
    const err = await errorOf(() => ds.query('SELECT 1'));
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('is true for SQLITE_BUSY (another connection holds the write lock)', async () => {
    const file = path.join(dir, 'busy.sqlite');
    const holder = new DataSource({ type: 'better-sqlite3', database: file });
    const other = new DataSource({ type: 'better-sqlite3', database: file, timeout: 0 });
    await holder.initialize();
    await other.initialize();
    const runner = holder.createQueryRunner();
    try {
      await holder.query('CREATE TABLE t (x INTEGER)');
      await runner.startTransaction();
      await runner.query('INSERT INTO t VALUES (1)');
      const err = await errorOf(() => other.query('INSERT INTO t VALUES (2)'));
      expect(err).toBeInstanceOf(QueryFailedError);
      expect((err as QueryFailedError).driverError).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await other.destroy();
      await holder.destroy();
    }
  });

  it('is true for a MySQL server that refuses the connection', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const err = await errorOf(() => createConnection({ host: '127.0.0.1', port, user: 'x', connectTimeout: 2000 }));
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it('is true for the driver errors it names, however deeply wrapped', () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST' });
    expect(isDatabaseUnavailable(lost)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Too many connections'), { code: 'ER_CON_COUNT_ERROR', errno: 1040 }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Pool is closed.'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection is not established with mysql database'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: new Error('wrapper', { cause: lost }) }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('is false for errors in the query or the data, and for non-errors', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: path.join(dir, 'ok.sqlite') });
    await ds.initialize();
    try {
      await ds.query('CREATE TABLE t (x INTEGER PRIMARY KEY)');
      await ds.query('INSERT INTO t VALUES (1)');
      expect(isDatabaseUnavailable(await errorOf(() => ds.query('SELEKT 1')))).toBe(false);
      expect(isDatabaseUnavailable(await errorOf(() => ds.query('INSERT INTO t VALUES (1)')))).toBe(false);
    } finally {
      await ds.destroy();
    }
    expect(isDatabaseUnavailable(new Error('Something else'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

describe('isConstraintViolation', () => {
  it('knows the unique and foreign key refusals of a real SQLite database, as TypeORM throws them', async () => {
    const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    try {
      await ds.query('PRAGMA foreign_keys = ON');
      await ds.query('CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
      await ds.query('CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))');
      await ds.query("INSERT INTO parent VALUES (1, 'a')");
      await ds.query('INSERT INTO child VALUES (1, 1)');
      const duplicate = await ds.query("INSERT INTO parent VALUES (2, 'a')").catch((err: unknown) => err);
      expect(duplicate).toBeInstanceOf(QueryFailedError);
      expect(isConstraintViolation(duplicate, 'unique')).toBe(true);
      expect(isConstraintViolation(duplicate, 'foreign_key')).toBe(false);
      const referenced = await ds.query('DELETE FROM parent WHERE id = 1').catch((err: unknown) => err);
      expect(isConstraintViolation(referenced, 'foreign_key')).toBe(true);
      expect(isConstraintViolation(referenced, 'unique')).toBe(false);
    } finally {
      await ds.destroy();
    }
  });

  it('knows MySQL unique and foreign key refusals, directly or wrapped by TypeORM', () => {
    expect(isConstraintViolation({ driverError: { errno: 1062 } }, 'unique')).toBe(true);
    expect(isConstraintViolation({ errno: 1451 }, 'foreign_key')).toBe(true);
    expect(isConstraintViolation({ driverError: { errno: 1217 } }, 'foreign_key')).toBe(true);
    expect(isConstraintViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, 'unique')).toBe(true);
    expect(isConstraintViolation({ errno: 1062 }, 'foreign_key')).toBe(false);
  });

  it('ignores anything else', () => {
    for (const err of [null, undefined, 'text', new Error('boom'), { code: 'ECONNRESET' }]) expect(isConstraintViolation(err, 'unique')).toBe(false);
  });
});
