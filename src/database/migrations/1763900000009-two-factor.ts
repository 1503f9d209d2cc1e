import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey, index } from '../migration-kit';

/** Two-factor login for agents: each agent's encrypted TOTP secret and their hashed recovery codes. */
export class TwoFactor1763900000009 implements MigrationInterface {
  name = 'TwoFactor1763900000009';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'staff_two_factor', [
      col.fk('staff_id'), col.text('secret_encrypted'), col.datetime('enabled_at', { nullable: true }),
      col.int('last_used_step', { nullable: true }), col.createdAt(),
    ], {
      primary: ['staff_id'],
      foreignKeys: [foreignKey('staff_two_factor_staff_id_fk', 'staff_id', 'staff', 'CASCADE')],
    });
    await createTable(qr, 'staff_recovery_codes', [
      col.id(), col.fk('staff_id'), col.varchar('code_hash', 64), col.datetime('used_at', { nullable: true }),
    ], {
      indices: [index('staff_recovery_codes_staff_id_idx', ['staff_id'])],
      foreignKeys: [foreignKey('staff_recovery_codes_staff_id_fk', 'staff_id', 'staff', 'CASCADE')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('staff_recovery_codes', true);
    await qr.dropTable('staff_two_factor', true);
  }
}
