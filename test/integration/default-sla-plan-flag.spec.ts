import 'reflect-metadata';
import { DataSource, MigrationInterface } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

type MigrationClass = new () => MigrationInterface;
const timestamp = (m: MigrationClass) => Number(/\d{13}$/.exec(m.name)![0]);
const BEFORE = MIGRATIONS.filter((m) => timestamp(m) < 1763900000016);

/** The database as an install had it just before migration 1763900000016, with a default SLA plan saved in the settings. */
describe(`migration DefaultSlaPlanFlag1763900000016 (${testDbKind})`, () => {
  let ds: DataSource;
  const key = testDbKind === 'sqlite' ? '"key"' : '`key`';

  const defaults = async (): Promise<number[]> =>
    (await ds.query('SELECT id FROM sla_plans WHERE is_default = 1 ORDER BY id')).map((r: { id: number | string }) => Number(r.id));
  const setting = (value: string) => ds.query(`INSERT INTO settings (${key}, value, updated_at) VALUES (?, ?, ?)`, ['defaultSlaPlanId', value, '2026-01-01 00:00:00']);
  const settingRows = async () => ds.query(`SELECT value FROM settings WHERE ${key} = 'defaultSlaPlanId'`);

  beforeAll(async () => {
    const url = await freshDatabaseUrl();
    const open = async (migrations: MigrationClass[]) => {
      ds = new DataSource({ ...dataSourceOptions(loadConfig({ DATABASE_URL: url })), migrations });
      await ds.initialize();
    };
    await open(BEFORE);
    await ds.runMigrations();
    await ds.destroy();
    // Only up to this migration: undoLastMigration below must undo this one, not a later one.
    await open(MIGRATIONS.filter((m) => timestamp(m) <= 1763900000016));
    await ds.query(`INSERT INTO sla_plans (id, name, first_response_hours, resolution_hours, schedule_id, alerts_enabled, is_active, is_default, created_at)
      VALUES (2, 'Rush', 1, 4, NULL, 1, 1, 0, '2026-01-01 00:00:00'), (3, 'Old', NULL, 8, NULL, 1, 0, 0, '2026-01-01 00:00:00')`);
  });
  afterAll(() => ds?.destroy());

  it.each([
    ['an enabled plan: the flag moves to it', '2', [2]],
    ['a disabled plan: the flag stays', '3', [1]],
    ['a plan that does not exist: the flag stays', '99', [1]],
    ['"None": no plan stays flagged', 'null', []],
  ])('with the settings naming %s, and the setting removed', async (_case, value, flagged) => {
    await ds.query('UPDATE sla_plans SET is_default = CASE WHEN id = 1 THEN 1 ELSE 0 END');
    if ((await ds.query("SELECT 1 FROM migrations WHERE name = 'DefaultSlaPlanFlag1763900000016'")).length > 0) await ds.undoLastMigration();
    await setting(value);
    await ds.runMigrations();
    expect(await defaults()).toEqual(flagged);
    expect(await settingRows()).toEqual([]);
  });
});
