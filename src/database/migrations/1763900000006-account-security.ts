import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey, index } from '../migration-kit';

/** Password reset links (hashed tokens) and the outgoing mail outbox that delivers them. */
export class AccountSecurity1763900000006 implements MigrationInterface {
  name = 'AccountSecurity1763900000006';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'password_reset_tokens', [
      col.id(), col.fk('staff_id'), col.varchar('token_hash', 64), col.datetime('expires_at'), col.datetime('used_at', { nullable: true }),
      col.createdAt(), col.varchar('requested_ip', 64, { nullable: true }),
    ], {
      indices: [index('password_reset_tokens_token_hash_uq', ['token_hash'], true), index('password_reset_tokens_staff_idx', ['staff_id'])],
      foreignKeys: [foreignKey('password_reset_tokens_staff_id_fk', 'staff_id', 'staff', 'CASCADE')],
    });
    await createTable(qr, 'mail_outbox', [
      col.id(), col.varchar('to_address', 255), col.varchar('subject', 998), col.text('text_body'), col.text('html_body', { nullable: true }),
      col.varchar('message_id', 191), col.text('headers', { nullable: true }), col.bool('sensitive', false),
      col.varchar('status', 16, { default: 'queued' }), col.int('attempts', { default: 0 }), col.text('last_error', { nullable: true }),
      col.datetime('next_attempt_at'), col.createdAt(), col.datetime('sent_at', { nullable: true }),
    ], {
      indices: [index('mail_outbox_message_id_uq', ['message_id'], true), index('mail_outbox_due_idx', ['status', 'next_attempt_at'])],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('mail_outbox', true);
    await qr.dropTable('password_reset_tokens', true);
  }
}
