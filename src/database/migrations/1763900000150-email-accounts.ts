import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';
import { col, createTable, index } from '../migration-kit';

/** SET NULL: deleting a department, priority or topic leaves the mailbox working without that default. */
const setNull = (name: string, column: string, table: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' });

/** Help desk mailboxes: address, ticket defaults, SMTP and IMAP settings (passwords encrypted by the app). */
export class EmailAccounts1763900000150 implements MigrationInterface {
  name = 'EmailAccounts1763900000150';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'email_accounts', [
      col.id(), col.varchar('address', 191), col.varchar('name', 128, { default: '' }),
      col.fk('department_id', { nullable: true }), col.fk('priority_id', { nullable: true }), col.fk('help_topic_id', { nullable: true }),
      col.varchar('smtp_host', 255, { nullable: true }), col.int('smtp_port', { nullable: true }), col.varchar('smtp_security', 16, { default: 'starttls' }),
      col.varchar('smtp_user', 255, { nullable: true }), col.text('smtp_password', { nullable: true }),
      col.varchar('imap_host', 255, { nullable: true }), col.int('imap_port', { nullable: true }), col.varchar('imap_security', 16, { default: 'tls' }),
      col.varchar('imap_user', 255, { nullable: true }), col.text('imap_password', { nullable: true }),
      col.varchar('imap_folder', 191, { default: 'INBOX' }), col.varchar('imap_archive_folder', 191, { nullable: true }),
      col.bool('fetch_enabled', false), col.bool('is_active', true), col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('email_accounts_address_uq', ['address'], true), index('email_accounts_fetch_idx', ['fetch_enabled', 'is_active'])],
      foreignKeys: [
        setNull('email_accounts_department_id_fk', 'department_id', 'departments'),
        setNull('email_accounts_priority_id_fk', 'priority_id', 'priorities'),
        setNull('email_accounts_help_topic_id_fk', 'help_topic_id', 'help_topics'),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('email_accounts', true);
  }
}
