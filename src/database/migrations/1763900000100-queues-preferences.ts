import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, createTable, foreignKey as fk, index, withoutForeignKeys } from '../migration-kit';

/** The ticket indexes this migration adds: each staff queue's predicate, then its sort key and id. */
const TICKET_INDEXES = [
  // Open (not answered) and Answered: state + the flag, walked in id order.
  index('tickets_state_answered_id_idx', ['state', 'is_answered', 'id']),
  // Overdue: the flag the overdue job sets, walked in id order.
  index('tickets_state_overdue_id_idx', ['state', 'is_overdue', 'id']),
  // Any queue sorted by last update: (state, updated_at, id) is the keyset key.
  index('tickets_state_updated_id_idx', ['state', 'updated_at', 'id']),
];

/**
 * Agent queues and preferences: the indexes the new queues (Answered, Overdue, sorting by update) walk,
 * each agent's page size and landing queue, and saved searches ("custom queues"), personal or shared.
 */
export class QueuesPreferences1763900000100 implements MigrationInterface {
  name = 'QueuesPreferences1763900000100';

  async up(qr: QueryRunner): Promise<void> {
    for (const idx of TICKET_INDEXES) await qr.createIndex('tickets', idx);
    await qr.addColumn('staff', new TableColumn(col.int('page_size', { nullable: true })));
    await qr.addColumn('staff', new TableColumn(col.varchar('default_queue', 32, { nullable: true })));
    await createTable(qr, 'saved_queues', [
      col.id(), col.fk('staff_id'), col.varchar('name', 64), col.bool('is_shared', false), col.text('criteria'),
      col.varchar('columns', 255), col.varchar('sort', 16), col.varchar('sort_dir', 4), col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('saved_queues_staff_idx', ['staff_id', 'id']), index('saved_queues_shared_idx', ['is_shared', 'id'])],
      foreignKeys: [fk('saved_queues_staff_id_fk', 'staff_id', 'staff', 'CASCADE')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      await qr.dropTable('saved_queues', true);
      await qr.dropColumn('staff', 'default_queue');
      await qr.dropColumn('staff', 'page_size');
      for (const idx of [...TICKET_INDEXES].reverse()) await qr.dropIndex('tickets', idx.name!);
    });
  }
}
