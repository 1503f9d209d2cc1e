import 'reflect-metadata';
import { DataSource, MigrationInterface } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { TicketLookupIndexes1763900000010 } from '../../src/database/migrations/1763900000010-ticket-lookup-indexes';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

type MigrationClass = new () => MigrationInterface;
const timestamp = (m: MigrationClass) => Number(/\d{13}$/.exec(m.name)![0]);

/** The database as an install had it just before migration 1763900000010, with settings an admin saved. */
describe(`migration TicketLookupIndexes1763900000010 (${testDbKind})`, () => {
  let url: string;
  let ds: DataSource;

  const open = async (migrations: MigrationClass[]) => {
    ds = new DataSource({ ...dataSourceOptions(loadConfig({ DATABASE_URL: url })), migrations });
    await ds.initialize();
  };
  const ticketIndexes = async (): Promise<string[]> => {
    const rows: { name: string }[] = testDbKind === 'sqlite'
      ? await ds.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite_%'")
      : await ds.query("SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets'");
    return rows.map((r) => r.name).sort();
  };
  const defaults = async (table: string): Promise<number[]> =>
    (await ds.query(`SELECT id FROM ${table} WHERE is_default = 1 ORDER BY id`)).map((r: { id: number | string }) => Number(r.id));

  beforeAll(async () => {
    url = await freshDatabaseUrl();
    await open(MIGRATIONS.filter((m) => timestamp(m) < 1763900000010));
    await ds.runMigrations();
  });
  afterAll(() => ds?.destroy());

  it('indexes tickets by status and by priority, keeps the defaults the settings named, and reverts', async () => {
    const key = testDbKind === 'sqlite' ? '"key"' : '`key`';
    await ds.query(
      `INSERT INTO settings (${key}, value, updated_at) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)`,
      ['defaultStatusId', '2', '2026-01-01 00:00:00', 'defaultPriorityId', '3', '2026-01-01 00:00:00', 'helpdeskName', '"Acme"', '2026-01-01 00:00:00'],
    );
    const before = await ticketIndexes();
    expect(before).not.toContain('tickets_status_id_idx');
    await ds.destroy();

    await open([...MIGRATIONS.filter((m) => timestamp(m) < 1763900000010), TicketLookupIndexes1763900000010]);
    await ds.runMigrations();
    const after = await ticketIndexes();
    expect(after).toEqual(expect.arrayContaining(['tickets_status_id_idx', 'tickets_priority_id_idx']));
    // MySQL's own index for each foreign key gives way to the named one, rather than doubling it.
    if (testDbKind === 'mysql') expect(after.filter((name) => name === 'tickets_status_id_fk' || name === 'tickets_priority_id_fk')).toEqual([]);
    expect(await defaults('ticket_statuses')).toEqual([2]);
    expect(await defaults('priorities')).toEqual([3]);
    expect((await ds.query('SELECT value FROM settings')).map((r: { value: string }) => r.value)).toEqual(['"Acme"']);

    await ds.undoLastMigration();
    expect(await ticketIndexes()).toEqual(before);
    await ds.runMigrations();
    expect(await ticketIndexes()).toEqual(after);
  });

  it('leaves the flags alone when the settings named no usable default', async () => {
    await ds.query('UPDATE ticket_statuses SET is_default = CASE WHEN id = 1 THEN 1 ELSE 0 END');
    await ds.query('UPDATE priorities SET is_default = CASE WHEN id = 2 THEN 1 ELSE 0 END');
    await ds.undoLastMigration();
    const key = testDbKind === 'sqlite' ? '"key"' : '`key`';
    // A closed status cannot be where new tickets start; priority 99 does not exist.
    await ds.query(`INSERT INTO settings (${key}, value, updated_at) VALUES (?, ?, ?), (?, ?, ?)`,
      ['defaultStatusId', '5', '2026-01-01 00:00:00', 'defaultPriorityId', '99', '2026-01-01 00:00:00']);
    await ds.runMigrations();
    expect(await defaults('ticket_statuses')).toEqual([1]);
    expect(await defaults('priorities')).toEqual([2]);
    expect(await ds.query(`SELECT ${key} FROM settings WHERE ${key} IN ('defaultStatusId', 'defaultPriorityId')`)).toEqual([]);
  });
});
