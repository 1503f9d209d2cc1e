import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../../src/cli/cli';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

describe(`admin CLI (${testDbKind})`, () => {
  let config: AppConfig;
  let workDir: string;
  let out: string[];
  let err: string[];
  const run = (...argv: string[]) => runCli(argv, config, (l) => out.push(l), (l) => err.push(l));

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-cli-'));
    config = loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: await freshDatabaseUrl(), DEMO_PASSWORD: 'demo-pass-123',
      ATTACHMENTS_DIR: path.join(workDir, 'attachments'), SESSION_SECRET: 'x'.repeat(40),
    }, workDir);
  });
  beforeEach(() => {
    out = [];
    err = [];
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const ds = await new DataSource(dataSourceOptions(config)).initialize();
    try {
      return await ds.query(sql, params);
    } finally {
      await ds.destroy();
    }
  };

  it('migrate brings a new database up to date', async () => {
    expect(await run('migrate')).toBe(0);
    expect(out).toEqual(['Database is up to date.']);
    expect(await query('SELECT name FROM departments ORDER BY id')).toHaveLength(3);
  });

  it('create-admin creates an administrator with the given password', async () => {
    expect(await run('create-admin', '--username', 'ann', '--email', 'Ann@Example.com', '--first-name', 'Ann', '--last-name', 'Smith', '--password', 'ann-pass-1234')).toBe(0);
    expect(out).toEqual(['Created administrator ann (ann@example.com).']);
    const [row] = await query<{ email: string; is_admin: number | boolean; first_name: string; password_hash: string }>(
      'SELECT email, is_admin, first_name, password_hash FROM staff WHERE username = ?', ['ann']);
    expect(row).toMatchObject({ email: 'ann@example.com', first_name: 'Ann' });
    expect(Boolean(Number(row.is_admin))).toBe(true);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('create-admin generates and prints a password when none is given', async () => {
    expect(await run('create-admin', '--username', 'bob', '--email', 'bob@example.com')).toBe(0);
    expect(out[1]).toMatch(/^Password: \S{16} {2}\(shown only this once\)$/);
  });

  it.each([
    [['create-admin', '--username', 'carl'], 'create-admin needs --username and --email.'],
    [['create-admin', '--username', 'carl', '--email', 'carl@example.com', '--password', 'short'], '--password must be at least 10 characters.'],
    [['frobnicate'], 'Unknown command "frobnicate".'],
  ])('refuses %j with a clear message and exit code 2', async (argv, message) => {
    expect(await run(...argv)).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(await query('SELECT id FROM staff WHERE username = ?', ['carl'])).toEqual([]);
  });

  it('refuses a username or email that is taken, and writes nothing', async () => {
    await expect(run('create-admin', '--username', 'ANN', '--email', 'other@example.com')).rejects.toThrow('already exists');
    expect(await query('SELECT id FROM staff WHERE email = ?', ['other@example.com'])).toEqual([]);
  });

  it('seed-demo adds the walkthrough people once and prints their password', async () => {
    expect(await run('seed-demo')).toBe(0);
    expect(out[0]).toMatch(/^Added: agent john; agent jane; end user karen@example.com with ticket #\d{6}\.$/);
    expect(out[1]).toContain('password: demo-pass-123');
    out = [];
    expect(await run('seed-demo')).toBe(0);
    expect(out[0]).toBe('Demo data was already there.');
  });
});
