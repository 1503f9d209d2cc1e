import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable } from '../migration-kit';

/**
 * The settings table. No rows: the defaults live in code (settings/settings.schema.ts), so a fresh
 * install reads them and a row appears only when an admin changes a setting.
 */
export class Settings1763900000003 implements MigrationInterface {
  name = 'Settings1763900000003';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'settings', [col.varchar('key', 64), col.text('value'), col.datetime('updated_at')], { primary: ['key'] });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('settings', true);
  }
}
