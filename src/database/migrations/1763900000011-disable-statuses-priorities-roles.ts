import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, isMysql } from '../migration-kit';

const TABLES = ['ticket_statuses', 'priorities', 'roles'];

/**
 * Statuses, priorities and roles can be disabled: a disabled one stays on whatever already uses it but is
 * no longer offered for new choices. Every existing row starts enabled.
 */
export class DisableStatusesPrioritiesRoles1763900000011 implements MigrationInterface {
  name = 'DisableStatusesPrioritiesRoles1763900000011';

  async up(qr: QueryRunner): Promise<void> {
    // One call per table: on SQLite each schema change rebuilds the table.
    for (const table of TABLES) await qr.addColumn(table, new TableColumn(col.bool('is_active', true)));
  }

  async down(qr: QueryRunner): Promise<void> {
    // CASE: TypeORM drops a column on SQLite by rebuilding the table, and dropping a table that tickets and
    // agents point at fails inside the migration's transaction (foreign keys stay on there). A plain
    // DROP COLUMN (SQLite 3.35+, and MySQL) leaves the table, and what points at it, in place.
    const quote = (name: string) => (isMysql(qr) ? `\`${name}\`` : `"${name}"`);
    for (const table of [...TABLES].reverse()) await qr.query(`ALTER TABLE ${quote(table)} DROP COLUMN ${quote('is_active')}`);
  }
}
