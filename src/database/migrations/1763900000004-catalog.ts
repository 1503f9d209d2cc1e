import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { col, foreignKey, isMysql, withoutForeignKeys } from '../migration-kit';

/**
 * The admin catalog: departments get a parent, a manager and an outgoing address (and their SLA plan a
 * foreign key), team leads a foreign key, and priority urgencies become unique so queues sort one way.
 */
export class Catalog1763900000004 implements MigrationInterface {
  name = 'Catalog1763900000004';

  async up(qr: QueryRunner): Promise<void> {
    // One call per kind: on SQLite each schema change rebuilds the table.
    await qr.addColumns('departments', [
      new TableColumn(col.fk('parent_id', { nullable: true })),
      new TableColumn(col.fk('manager_id', { nullable: true })),
      new TableColumn(col.varchar('email', 191, { nullable: true })),
    ]);
    await qr.createForeignKeys('departments', [
      foreignKey('departments_parent_id_fk', 'parent_id', 'departments'),
      // CASE: deleting an agent who manages a department (or leads a team) leaves it without one.
      setNullKey('departments_manager_id_fk', 'manager_id', 'staff'),
      foreignKey('departments_sla_plan_id_fk', 'sla_plan_id', 'sla_plans'),
    ]);
    await qr.createForeignKey('teams', setNullKey('teams_lead_id_fk', 'lead_id', 'staff'));
    await qr.createIndex('priorities', new TableIndex({ name: 'priorities_urgency_uq', columnNames: ['urgency'], isUnique: true }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      await qr.dropIndex('priorities', 'priorities_urgency_uq');
      await qr.dropForeignKey('teams', 'teams_lead_id_fk');
      for (const name of ['departments_sla_plan_id_fk', 'departments_manager_id_fk', 'departments_parent_id_fk']) await qr.dropForeignKey('departments', name);
      if (isMysql(qr)) {
        // MySQL keeps the index it made for a foreign key while the column stays.
        await qr.query('ALTER TABLE `teams` DROP INDEX `teams_lead_id_fk`');
        await qr.query('ALTER TABLE `departments` DROP INDEX `departments_sla_plan_id_fk`');
      }
      await qr.dropColumns('departments', ['email', 'manager_id', 'parent_id']);
    });
  }
}

const setNullKey = (name: string, column: string, referencedTable: string) =>
  new TableForeignKey({ name, columnNames: [column], referencedTableName: referencedTable, referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' });
