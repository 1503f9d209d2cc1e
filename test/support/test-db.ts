import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection } from 'mysql2/promise';

/** Which database the tests run on: SQLite by default, MariaDB/MySQL with TEST_DB=mysql. */
export const testDbKind: 'sqlite' | 'mysql' = process.env.TEST_DB === 'mysql' ? 'mysql' : 'sqlite';

const defaultMysqlUrl = 'mysql://root@127.0.0.1:3306/relaydesk_test';

/**
 * A fresh, empty database for one test file: a new SQLite file in a temp folder, or the MySQL test
 * database dropped and created again (utf8mb4). Returns the DATABASE_URL to give the app.
 */
export async function freshDatabaseUrl(): Promise<string> {
  if (testDbKind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-test-'));
    return `sqlite:${path.join(dir, 'test.sqlite')}`;
  }
  const url = new URL(process.env.TEST_DATABASE_URL ?? defaultMysqlUrl);
  const dbName = url.pathname.replace(/^\//, '');
  if (!/^[A-Za-z0-9_]+$/.test(dbName)) throw new Error('TEST_DATABASE_URL must name a database of letters, digits and _');
  const server = new URL(url.toString());
  server.pathname = '/';
  const conn = await createConnection({ uri: server.toString() }).catch((err: Error) => {
    throw new Error(`Cannot reach MySQL/MariaDB for TEST_DB=mysql at ${url.host} (${err.message}). ` +
      'Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd');
  });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await conn.query('SELECT VERSION() AS v');
    const isMariaDb = /mariadb/i.test((rows as { v: string }[])[0].v);
    return isMariaDb ? url.toString().replace(/^mysql:/, 'mariadb:') : url.toString();
  } finally {
    await conn.end();
  }
}
