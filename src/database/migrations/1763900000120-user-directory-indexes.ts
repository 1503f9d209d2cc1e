import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from '../migration-kit';

/**
 * The staff user directory searches end users by the start of their name or phone number and pages
 * through the matches in that order: (name, id) and (phone, id) let it walk an index instead of sorting
 * every user. Email prefixes use the existing unique index.
 */
export class UserDirectoryIndexes1763900000120 implements MigrationInterface {
  name = 'UserDirectoryIndexes1763900000120';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('users', index('users_name_idx', ['name', 'id']));
    await qr.createIndex('users', index('users_phone_idx', ['phone', 'id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('users', 'users_phone_idx');
    await qr.dropIndex('users', 'users_name_idx');
  }
}
