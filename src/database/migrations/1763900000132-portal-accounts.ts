import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/**
 * Portal accounts for end users: a password (argon2id) and a verified date per user, and the single-use
 * links mailed to them (purpose 'verify' | 'reset' | 'invite'; only the token's SHA-256 is stored).
 * Plus tickets (user_id, state, id), for "My Tickets" filtered by open/closed in keyset order.
 */
export class PortalAccounts1763900000132 implements MigrationInterface {
  name = 'PortalAccounts1763900000132';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'portal_accounts', [
      col.fk('user_id'), col.varchar('password_hash', 255, { nullable: true }), col.datetime('verified_at', { nullable: true }),
      col.createdAt(), col.datetime('updated_at'),
    ], { primary: ['user_id'], foreignKeys: [fk('portal_accounts_user_id_fk', 'user_id', 'users', 'CASCADE')] });
    await createTable(qr, 'portal_account_tokens', [
      col.id(), col.varchar('token_hash', 64), col.fk('user_id'), col.varchar('purpose', 16), col.datetime('expires_at'),
      col.datetime('used_at', { nullable: true }), col.createdAt(),
    ], {
      indices: [index('portal_account_tokens_hash_uq', ['token_hash'], true), index('portal_account_tokens_user_idx', ['user_id'])],
      foreignKeys: [fk('portal_account_tokens_user_id_fk', 'user_id', 'users', 'CASCADE')],
    });
    await qr.createIndex('tickets', index('tickets_user_state_id_idx', ['user_id', 'state', 'id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('tickets', 'tickets_user_state_id_idx');
    await qr.dropTable('portal_account_tokens', true);
    await qr.dropTable('portal_accounts', true);
  }
}
