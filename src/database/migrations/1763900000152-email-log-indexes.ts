import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from '../migration-kit';

/** The email log pages newest first, by status or by recipient: each by an index, never a scan. */
export class EmailLogIndexes1763900000152 implements MigrationInterface {
  name = 'EmailLogIndexes1763900000152';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('mail_outbox', index('mail_outbox_status_id_idx', ['status', 'id']));
    await qr.createIndex('mail_outbox', index('mail_outbox_to_id_idx', ['to_address', 'id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('mail_outbox', 'mail_outbox_to_id_idx');
    await qr.dropIndex('mail_outbox', 'mail_outbox_status_id_idx');
  }
}
