import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

describe(`migrations (${testDbKind})`, () => {
  let ds: DataSource;

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: await freshDatabaseUrl() });
    ds = new DataSource(dataSourceOptions(config));
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(() => ds?.destroy());

  it('build the schema the entities describe, with no drift', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('ship the defaults a fresh install has', async () => {
    const names = async (table: string, column = 'name') =>
      (await ds.query(`SELECT ${column} FROM ${table} ORDER BY id`)).map((r: Record<string, string>) => r[column]);
    expect(await names('departments')).toEqual(['Support', 'Sales', 'Maintenance']);
    expect(await names('help_topics', 'full_name')).toEqual(['General Inquiry', 'Feedback', 'Report a Problem', 'Report a Problem / Access Issue']);
    expect(await names('priorities')).toEqual(['Low', 'Normal', 'High', 'Emergency']);
    expect(await names('ticket_statuses')).toEqual(['Open', 'In Progress', 'Awaiting Response', 'Resolved', 'Closed', 'Archived', 'Deleted']);
    expect(await names('sla_plans')).toEqual(['Default SLA']);
    expect(await names('teams')).toEqual(['Level I Support']);
    expect(await names('roles')).toEqual(['All Access', 'Expanded Access', 'Limited Access', 'View Only']);
  });

  it('revert cleanly and run again', async () => {
    await ds.undoLastMigration();
    await ds.undoLastMigration();
    expect(await ds.query('SELECT COUNT(*) AS n FROM migrations')).toEqual([{ n: expect.anything() }]);
    await ds.runMigrations();
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
