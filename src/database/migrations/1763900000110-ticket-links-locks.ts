import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/**
 * - ticket_links: related tickets, one row per direction so each side lists its links by index; a merge
 *   leaves a 'merged_into' row on the merged ticket (its pointer to the survivor) and a 'merged_from' row
 *   on the survivor;
 * - ticket_locks: who has a ticket open or is replying (osTicket's expiring lock), one row per ticket.
 */
export class TicketLinksLocks1763900000110 implements MigrationInterface {
  name = 'TicketLinksLocks1763900000110';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'ticket_links', [
      col.id(), col.fk('ticket_id'), col.fk('linked_ticket_id'), col.varchar('kind', 16),
      col.varchar('reason', 255, { default: '' }), col.createdAt(),
    ], {
      indices: [index('ticket_links_pair_uq', ['ticket_id', 'linked_ticket_id'], true), index('ticket_links_linked_idx', ['linked_ticket_id'])],
      foreignKeys: [
        fk('ticket_links_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('ticket_links_linked_ticket_id_fk', 'linked_ticket_id', 'tickets', 'CASCADE'),
      ],
    });

    await createTable(qr, 'ticket_locks', [
      col.id(), col.fk('ticket_id'), col.fk('staff_id'), col.varchar('activity', 16), col.datetime('expires_at'), col.createdAt(),
    ], {
      indices: [index('ticket_locks_ticket_uq', ['ticket_id'], true), index('ticket_locks_staff_idx', ['staff_id'])],
      foreignKeys: [
        fk('ticket_locks_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('ticket_locks_staff_id_fk', 'staff_id', 'staff', 'CASCADE'),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ticket_locks', true);
    await qr.dropTable('ticket_links', true);
  }
}
