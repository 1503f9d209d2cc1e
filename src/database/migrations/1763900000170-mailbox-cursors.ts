import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk } from '../migration-kit';

/**
 * mailbox_cursors: per email account, the UIDVALIDITY and last UID the IMAP fetcher reached, and the
 * last fetch time and error the admin list shows. Goes with its account (CASCADE).
 */
export class MailboxCursors1763900000170 implements MigrationInterface {
  name = 'MailboxCursors1763900000170';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'mailbox_cursors', [
      col.fk('email_account_id'),
      { name: 'uidvalidity', type: 'bigint', isNullable: true },
      { name: 'last_uid', type: 'bigint', isNullable: false, default: 0 },
      col.datetime('last_fetch_at', { nullable: true }),
      col.text('last_error', { nullable: true }),
    ], {
      primary: ['email_account_id'],
      foreignKeys: [fk('mailbox_cursors_email_account_id_fk', 'email_account_id', 'email_accounts', 'CASCADE')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('mailbox_cursors', true);
  }
}
