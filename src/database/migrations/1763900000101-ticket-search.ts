import { MigrationInterface, QueryRunner } from 'typeorm';
import { createSqliteSearchIndex, dropSqliteSearchIndex } from '../../search/full-text-index';
import { isMysql } from '../migration-kit';

/**
 * Full-text search of tickets (subject and thread) for the staff quick search: FULLTEXT indexes on
 * MySQL/MariaDB, an FTS5 table kept by triggers on SQLite (see search/full-text-index.ts). Names are
 * matched by prefix on users_name_idx (migration 1763900000120).
 */
export class TicketSearch1763900000101 implements MigrationInterface {
  name = 'TicketSearch1763900000101';

  async up(qr: QueryRunner): Promise<void> {
    if (isMysql(qr)) {
      await qr.query('CREATE FULLTEXT INDEX `tickets_subject_ft` ON `tickets` (`subject`)');
      await qr.query('CREATE FULLTEXT INDEX `thread_entries_body_ft` ON `thread_entries` (`body`)');
    } else {
      await createSqliteSearchIndex((sql) => qr.query(sql));
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    if (isMysql(qr)) {
      await qr.query('DROP INDEX `thread_entries_body_ft` ON `thread_entries`');
      await qr.query('DROP INDEX `tickets_subject_ft` ON `tickets`');
    } else {
      await dropSqliteSearchIndex((sql) => qr.query(sql));
    }
  }
}
