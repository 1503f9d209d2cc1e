import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runExclusive, serializeSqlite } from '../../src/database/sqlite-serializer';
import { TicketNumberAllocator } from '../../src/tickets/ticket-number.allocator';
import { freshDatabaseUrl, testDbKind } from '../support/test-db';

describe(`concurrent transactions (${testDbKind})`, () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: await freshDatabaseUrl() })));
    await ds.initialize();
    serializeSqlite(ds);
    await runExclusive(ds, () => ds.runMigrations({ transaction: 'each' }));
  });
  afterAll(() => ds?.destroy());

  it('isolate each transaction: numbers are distinct and a rolled-back one gives its number back', async () => {
    const numbers = new TicketNumberAllocator();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        ds.transaction(async (manager) => {
          const number = await numbers.next(manager);
          await new Promise((resolve) => setTimeout(resolve, 2)); // let the others try to interleave
          if (i === 3) throw new Error('rolled back on purpose');
          await manager.query('INSERT INTO teams (name, is_active) VALUES (?, 1)', [`team ${number}`]);
          return number;
        }),
      ),
    );
    const committed = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(committed).toHaveLength(19);
    expect(new Set(committed).size).toBe(19);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual(['Error: rolled back on purpose']);
    const [{ next }] = await ds.query('SELECT next_value AS next FROM sequences WHERE name = ?', ['ticket_number']);
    expect(Number(next)).toBe(20);
  });

  it('let writes outside a transaction wait for it instead of joining it', async () => {
    const inside = ds.transaction(async (manager) => {
      await manager.query('INSERT INTO teams (name, is_active) VALUES (?, 1)', ['inside']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('roll back the inside write');
    });
    const outside = ds.query('INSERT INTO teams (name, is_active) VALUES (?, 1)', ['outside']);
    await expect(inside).rejects.toThrow('roll back the inside write');
    await outside;
    const names = (await ds.query("SELECT name FROM teams WHERE name IN ('inside', 'outside')")).map((r: { name: string }) => r.name);
    expect(names).toEqual(['outside']);
  });
});
