import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey } from 'typeorm';
import { col, createTable, foreignKey as fk, index, withoutForeignKeys } from '../migration-kit';

/**
 * Keys shared by the mail channel, the portal and the agent workspace:
 * - mail_outbox.ticket_id: which ticket a sent mail belongs to, so a reply quoting its Message-ID
 *   threads back to it (no foreign key: the outbox outlives purged tickets as a log);
 * - mail_reply_tokens: the unguessable token in a tagged Reply-To, per ticket and recipient;
 * - organizations and users.organization_id: an end user's organization (email domains, sharing);
 * - ticket_access_links: signed, expiring, revocable links that open one ticket for one user.
 */
export class SharedChannelKeys1763900000017 implements MigrationInterface {
  name = 'SharedChannelKeys1763900000017';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('mail_outbox', new TableColumn(col.fk('ticket_id', { nullable: true })));
    await qr.createIndex('mail_outbox', index('mail_outbox_ticket_idx', ['ticket_id']));

    await createTable(qr, 'mail_reply_tokens', [
      col.id(), col.varchar('token_hash', 64), col.fk('ticket_id'), col.fk('user_id', { nullable: true }),
      col.fk('staff_id', { nullable: true }), col.createdAt(),
    ], {
      indices: [index('mail_reply_tokens_hash_uq', ['token_hash'], true), index('mail_reply_tokens_ticket_idx', ['ticket_id'])],
      foreignKeys: [
        fk('mail_reply_tokens_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('mail_reply_tokens_user_id_fk', 'user_id', 'users', 'CASCADE'),
        fk('mail_reply_tokens_staff_id_fk', 'staff_id', 'staff', 'CASCADE'),
      ],
    });

    await createTable(qr, 'organizations', [
      col.id(), col.varchar('name', 128), col.varchar('domains', 1000, { default: '' }),
      col.varchar('sharing', 16, { default: 'none' }), col.text('notes', { nullable: true }),
      col.createdAt(), col.datetime('updated_at'),
    ], { indices: [index('organizations_name_uq', ['name'], true)] });
    await qr.addColumn('users', new TableColumn(col.fk('organization_id', { nullable: true })));
    await qr.createIndex('users', index('users_organization_idx', ['organization_id', 'id']));
    // SET NULL: deleting an organization leaves its members as individual users.
    await qr.createForeignKey('users', new TableForeignKey({
      name: 'users_organization_id_fk', columnNames: ['organization_id'], referencedTableName: 'organizations',
      referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION',
    }));

    await createTable(qr, 'ticket_access_links', [
      col.id(), col.varchar('token_hash', 64), col.fk('ticket_id'), col.fk('user_id'),
      col.datetime('expires_at'), col.datetime('revoked_at', { nullable: true }), col.createdAt(),
    ], {
      indices: [index('ticket_access_links_hash_uq', ['token_hash'], true), index('ticket_access_links_ticket_idx', ['ticket_id'])],
      foreignKeys: [
        fk('ticket_access_links_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('ticket_access_links_user_id_fk', 'user_id', 'users', 'CASCADE'),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      await qr.dropTable('ticket_access_links', true);
      await qr.dropForeignKey('users', 'users_organization_id_fk');
      await qr.dropIndex('users', 'users_organization_idx');
      await qr.dropColumn('users', 'organization_id');
      await qr.dropTable('organizations', true);
      await qr.dropTable('mail_reply_tokens', true);
      await qr.dropIndex('mail_outbox', 'mail_outbox_ticket_idx');
      await qr.dropColumn('mail_outbox', 'ticket_id');
    });
  }
}
