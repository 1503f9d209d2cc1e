import { MigrationInterface, QueryRunner, TableColumn, TableForeignKey } from 'typeorm';
import { col, withoutForeignKeys } from '../migration-kit';

/**
 * Auto-assignment: departments and teams get a mode ('off' | 'round_robin' | 'fewest_open') and a
 * round-robin cursor (the agent chosen last; no foreign key: a deleted agent only ends the turn there),
 * and agents get the schedule of their working hours (null: always working).
 */
export class AutoAssignment1763900000015 implements MigrationInterface {
  name = 'AutoAssignment1763900000015';

  async up(qr: QueryRunner): Promise<void> {
    // One call per table: on SQLite each schema change rebuilds the table.
    for (const table of ['departments', 'teams']) {
      await qr.addColumns(table, [
        new TableColumn(col.varchar('auto_assign_mode', 16, { default: 'off' })),
        new TableColumn(col.int('last_assigned_staff_id', { nullable: true })),
      ]);
    }
    await qr.addColumn('staff', new TableColumn(col.fk('schedule_id', { nullable: true })));
    // CASE: deleting a schedule leaves its agents always working rather than blocking the delete.
    await qr.createForeignKey('staff', new TableForeignKey({
      name: 'staff_schedule_id_fk', columnNames: ['schedule_id'], referencedTableName: 'schedules', referencedColumnNames: ['id'],
      onDelete: 'SET NULL', onUpdate: 'NO ACTION',
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      await qr.dropForeignKey('staff', 'staff_schedule_id_fk');
      await qr.dropColumn('staff', 'schedule_id');
      for (const table of ['teams', 'departments']) await qr.dropColumns(table, ['last_assigned_staff_id', 'auto_assign_mode']);
    });
  }
}
