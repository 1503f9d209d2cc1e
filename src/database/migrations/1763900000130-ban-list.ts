import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '../migration-kit';

/** The ban list: email addresses and domains that may not open tickets or register (kind 'email' | 'domain'). */
export class BanList1763900000130 implements MigrationInterface {
  name = 'BanList1763900000130';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'banned_senders', [
      col.id(), col.varchar('kind', 16), col.varchar('value', 191), col.varchar('note', 255, { nullable: true }),
      col.int('created_by', { nullable: true }), col.createdAt(),
    ], { indices: [index('banned_senders_value_uq', ['value'], true)] });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('banned_senders', true);
  }
}
