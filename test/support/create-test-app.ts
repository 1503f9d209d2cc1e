import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { BootService } from '../../src/boot/boot.service';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { freshDatabaseUrl } from './test-db';

export interface TestApp {
  app: NestExpressApplication;
  /** The Node HTTP server, for supertest: `request(t.http).get('/')`. */
  http: ReturnType<NestExpressApplication['getHttpServer']>;
  config: AppConfig;
  dataSource: DataSource;
  /** Closes the app (and its database connection) and removes its temp folders. */
  close(): Promise<void>;
}

/**
 * The real application, built exactly as main.ts builds it (AppModule.register + configureApp), on a
 * fresh database that the real migrations and first-start seeding brought up. Everything it writes
 * (data dir, upload temp files, attachments) lives in a temp folder, never the repository's data/.
 * `overrides` are environment variables, e.g. `{ BASE_PATH: '/osTicket' }`.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relaydesk-app-'));
  const databaseUrl = overrides.DATABASE_URL ?? (await freshDatabaseUrl());
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      ATTACHMENTS_DIR: path.join(workDir, 'attachments'),
      SESSION_SECRET: randomBytes(36).toString('base64url'), // 48 characters
      ...overrides,
    },
    workDir,
  );

  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { bodyParser: false, bufferLogs: true });
  try {
    await configureApp(app, config);
    await app.get(BootService).start();
    await app.init();
  } catch (err) {
    await app.close().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }

  return {
    app,
    http: app.getHttpServer(),
    config,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      fs.rmSync(workDir, { recursive: true, force: true });
      if (config.database.type === 'sqlite' && config.database.path !== ':memory:' && !overrides.DATABASE_URL) {
        fs.rmSync(path.dirname(config.database.path), { recursive: true, force: true });
      }
    },
  };
}
