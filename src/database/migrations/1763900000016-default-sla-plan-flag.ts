import { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from '../migration-kit';

const KEY = 'defaultSlaPlanId';

/**
 * The default SLA plan now lives only in the `is_default` flag of its row, set on the SLA Plans page (the
 * setting `defaultSlaPlanId` is gone). CASE: an install whose settings named another enabled plan keeps
 * it: the flag moves to that plan. An install whose settings said "None" keeps giving new tickets no
 * plan: no plan stays flagged. A setting naming a plan since disabled or deleted changes nothing (the
 * flagged plan was already the one used). The settings row is removed.
 */
export class DefaultSlaPlanFlag1763900000016 implements MigrationInterface {
  name = 'DefaultSlaPlanFlag1763900000016';

  async up(qr: QueryRunner): Promise<void> {
    const key = isMysql(qr) ? '`key`' : '"key"';
    const [setting] = (await qr.query(`SELECT value FROM settings WHERE ${key} = ?`, [KEY])) as { value: string }[];
    if (setting) {
      if (setting.value.trim() === 'null') {
        await qr.query('UPDATE sla_plans SET is_default = 0 WHERE is_default <> 0');
      } else {
        const id = Number(setting.value);
        const [row] = Number.isSafeInteger(id) && id > 0
          ? ((await qr.query('SELECT id FROM sla_plans WHERE id = ? AND is_active <> 0', [id])) as { id: number }[])
          : [];
        if (row) await qr.query('UPDATE sla_plans SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END', [id]);
      }
    }
    await qr.query(`DELETE FROM settings WHERE ${key} = ?`, [KEY]);
  }

  async down(): Promise<void> {
    // The flag stays where up() put it; the settings row is not restored.
  }
}
