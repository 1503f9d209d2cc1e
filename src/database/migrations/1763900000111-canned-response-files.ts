import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/** Files of a canned response: copied onto the reply (as attachments) when an agent inserts it. */
export class CannedResponseFiles1763900000111 implements MigrationInterface {
  name = 'CannedResponseFiles1763900000111';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'canned_response_files', [
      col.id(), col.fk('canned_response_id'), col.varchar('file_name', 255), col.varchar('stored_name', 64),
      col.varchar('mime_type', 128), col.int('size'), col.varchar('sha256', 64), col.createdAt(),
    ], {
      indices: [index('canned_response_files_stored_name_uq', ['stored_name'], true), index('canned_response_files_canned_idx', ['canned_response_id'])],
      foreignKeys: [fk('canned_response_files_canned_response_id_fk', 'canned_response_id', 'canned_responses', 'CASCADE')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('canned_response_files', true);
  }
}
