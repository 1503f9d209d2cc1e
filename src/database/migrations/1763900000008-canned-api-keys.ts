import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/** Canned responses (prepared replies, global or per department) and API keys (stored hashed). */
export class CannedApiKeys1763900000008 implements MigrationInterface {
  name = 'CannedApiKeys1763900000008';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'canned_responses', [
      col.id(), col.varchar('title', 120), col.text('body'), col.fk('department_id', { nullable: true }), col.bool('is_active', true),
      col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('canned_responses_department_title_uq', ['department_id', 'title'], true)],
      foreignKeys: [fk('canned_responses_department_id_fk', 'department_id', 'departments')],
    });
    await createTable(qr, 'api_keys', [
      col.id(), col.varchar('name', 120), col.varchar('key_prefix', 16), col.varchar('key_hash', 64), col.text('scopes'), col.text('ip_allowlist'),
      col.fk('created_by', { nullable: true }), col.createdAt(), col.datetime('last_used_at', { nullable: true }), col.datetime('revoked_at', { nullable: true }),
    ], { indices: [index('api_keys_key_hash_uq', ['key_hash'], true)] });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('api_keys', true);
    await qr.dropTable('canned_responses', true);
  }
}
