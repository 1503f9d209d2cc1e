import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';
import { col, createTable, index } from '../migration-kit';

/**
 * inbound_mails: every inbound mail, recorded before it is parsed (its raw bytes in a file), with what
 * became of it: the ticket and entry it made, or the quarantine reason. Dedupe by a unique key.
 */
export class InboundMail1763900000160 implements MigrationInterface {
  name = 'InboundMail1763900000160';

  async up(qr: QueryRunner): Promise<void> {
    // SET NULL: purging a ticket keeps the mail record (and its raw file) for the log.
    const setNull = (name: string, column: string, table: string) => new TableForeignKey({
      name, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION',
    });
    await createTable(qr, 'inbound_mails', [
      col.id(), col.varchar('source', 8), col.fk('email_account_id', { nullable: true }), col.varchar('remote_ref', 191, { nullable: true }),
      col.varchar('message_id', 191, { nullable: true }), col.varchar('content_hash', 64), col.varchar('dedupe_key', 64),
      col.varchar('stored_name', 64), col.int('size'), col.varchar('from_address', 191, { nullable: true }),
      col.varchar('subject', 255, { nullable: true }), col.varchar('status', 16, { default: 'received' }),
      col.varchar('reason', 500, { nullable: true }), col.bool('auto_respond', false),
      col.fk('ticket_id', { nullable: true }), col.fk('thread_entry_id', { nullable: true }),
      col.createdAt(), col.datetime('processed_at', { nullable: true }),
    ], {
      indices: [
        index('inbound_mails_dedupe_uq', ['dedupe_key'], true),
        index('inbound_mails_message_id_idx', ['message_id']),
        index('inbound_mails_status_idx', ['status', 'id']),
        index('inbound_mails_ticket_idx', ['ticket_id']),
        index('inbound_mails_entry_idx', ['thread_entry_id']),
        index('inbound_mails_sender_idx', ['from_address', 'created_at']),
      ],
      foreignKeys: [
        setNull('inbound_mails_ticket_id_fk', 'ticket_id', 'tickets'),
        setNull('inbound_mails_thread_entry_id_fk', 'thread_entry_id', 'thread_entries'),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('inbound_mails', true);
  }
}
