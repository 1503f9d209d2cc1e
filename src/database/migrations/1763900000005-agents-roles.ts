import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../migration-kit';

/** Agents' admin-managed fields: phone, time zone, the admin's lock, vacation, and "change password at next login". */
export class AgentsRoles1763900000005 implements MigrationInterface {
  name = 'AgentsRoles1763900000005';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('staff', [
      new TableColumn(col.varchar('phone', 32, { nullable: true })),
      new TableColumn(col.varchar('timezone', 64, { nullable: true })),
      new TableColumn(col.bool('is_locked', false)),
      new TableColumn(col.bool('on_vacation', false)),
      new TableColumn(col.bool('must_change_password', false)),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const name of ['must_change_password', 'on_vacation', 'is_locked', 'timezone', 'phone']) await qr.dropColumn('staff', name);
  }
}
