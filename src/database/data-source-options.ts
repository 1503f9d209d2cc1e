import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One description of the database for the app, the migration CLI (ormconfig.ts) and the tests. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // SECURITY 14: findOneBy({ id: undefined }) must throw, not return the first row.
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
  } as const;
  const db = config.database;
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') fs.mkdirSync(path.dirname(db.path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      enableWAL: db.path !== ':memory:',
      timeout: 10_000,
      prepareDatabase: (sqlite: { pragma(s: string): unknown }) => {
        sqlite.pragma('foreign_keys = ON');
        sqlite.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: db.flavor,
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: db.poolSize,
    extra: { connectTimeout: 10_000 },
  };
}
