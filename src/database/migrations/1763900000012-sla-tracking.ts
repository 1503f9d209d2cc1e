import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, createTable, foreignKey, index, isMysql } from '../migration-kit';

const TICKET_COLUMNS = ['first_response_due_at', 'resolution_due_at', 'sla_paused_at', 'first_response_breached_at', 'resolution_breached_at'];

/**
 * SLA tracking: each ticket's two due times, the instant its clock paused (null while it runs) and the
 * instants the overdue job marked each breach; the stretches the clock stood still; and an index for the
 * overdue scan over open tickets by effective due time.
 */
export class SlaTracking1763900000012 implements MigrationInterface {
  name = 'SlaTracking1763900000012';

  async up(qr: QueryRunner): Promise<void> {
    // One call: on SQLite each schema change rebuilds the table.
    await qr.addColumns('tickets', TICKET_COLUMNS.map((name) => new TableColumn(col.datetime(name, { nullable: true }))));
    await qr.createIndex('tickets', new TableIndex({ name: 'tickets_state_sla_due_idx', columnNames: ['state', 'sla_due_at'] }));
    await createTable(qr, 'ticket_sla_pauses', [
      col.id(), col.fk('ticket_id'), col.datetime('started_at'), col.datetime('ended_at', { nullable: true }), col.varchar('reason', 191),
    ], {
      indices: [index('ticket_sla_pauses_ticket_id_idx', ['ticket_id', 'id'])],
      foreignKeys: [foreignKey('ticket_sla_pauses_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ticket_sla_pauses', true);
    await qr.dropIndex('tickets', 'tickets_state_sla_due_idx');
    // CASE: on SQLite TypeORM drops columns by rebuilding the table, which fails inside the migration's
    // transaction while other tables point at tickets; a plain DROP COLUMN (SQLite 3.35+, MySQL) does not.
    const quote = (name: string) => (isMysql(qr) ? `\`${name}\`` : `"${name}"`);
    for (const name of [...TICKET_COLUMNS].reverse()) await qr.query(`ALTER TABLE ${quote('tickets')} DROP COLUMN ${quote(name)}`);
  }
}
