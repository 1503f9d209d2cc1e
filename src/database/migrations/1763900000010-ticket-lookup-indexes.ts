import { MigrationInterface, QueryRunner } from 'typeorm';
import { index, isMysql } from '../migration-kit';

/** The indexes this migration adds, by the foreign key index MySQL made for the same column. */
const INDEXES = [
  { name: 'tickets_status_id_idx', column: 'status_id', fkIndex: 'tickets_status_id_fk' },
  { name: 'tickets_priority_id_idx', column: 'priority_id', fkIndex: 'tickets_priority_id_fk' },
];

/**
 * Tickets by status and by priority: the admin pages count the tickets using each status and
 * priority, and those counts (and the "still used by" checks before a delete) must not read every
 * ticket. MySQL/MariaDB had an index on each column already, the one InnoDB makes for a foreign key
 * (named after it); the named index replaces it there, so each column keeps one index. SQLite had none.
 *
 * Also: the default status and priority now live only in the `is_default` flags of their rows (the
 * settings `defaultStatusId` and `defaultPriorityId` are gone). CASE: an install whose settings named
 * another default keeps it: the flag moves to that row when it is still a valid default (an existing
 * status in the open state, an existing priority), and the two settings rows are removed.
 */
export class TicketLookupIndexes1763900000010 implements MigrationInterface {
  name = 'TicketLookupIndexes1763900000010';

  async up(qr: QueryRunner): Promise<void> {
    for (const { name, column, fkIndex } of INDEXES) {
      await qr.createIndex('tickets', index(name, [column]));
      // InnoDB drops the index it made for the foreign key by itself, but keeps one created by name (as
      // down() does): drop it, the new index serves the foreign key.
      if (isMysql(qr) && (await hasIndex(qr, fkIndex))) await qr.query(`DROP INDEX \`${fkIndex}\` ON \`tickets\``);
    }
    await moveDefault(qr, 'defaultStatusId', 'ticket_statuses', "state = 'open'");
    await moveDefault(qr, 'defaultPriorityId', 'priorities', null);
    await qr.query(`DELETE FROM settings WHERE ${quote(qr, 'key')} IN (?, ?)`, ['defaultStatusId', 'defaultPriorityId']);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const { name, column, fkIndex } of [...INDEXES].reverse()) {
      // CASE: MySQL refuses to drop the only index a foreign key can use; put back the one it had first.
      if (isMysql(qr) && !(await hasIndex(qr, fkIndex))) await qr.query(`CREATE INDEX \`${fkIndex}\` ON \`tickets\` (\`${column}\`)`);
      await qr.dropIndex('tickets', name);
    }
    // The flags stay where up() put them: the settings fall back to them when they have no value.
  }
}

const quote = (qr: QueryRunner, name: string) => (isMysql(qr) ? `\`${name}\`` : `"${name}"`);

/** Flags the row the setting `key` names as the only default of `table`, when it names a usable one. */
async function moveDefault(qr: QueryRunner, key: string, table: string, usable: string | null): Promise<void> {
  const [setting] = (await qr.query(`SELECT value FROM settings WHERE ${quote(qr, 'key')} = ?`, [key])) as { value: string }[];
  const id = setting ? Number(setting.value) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) return;
  const [row] = (await qr.query(`SELECT id FROM ${table} WHERE id = ?${usable ? ` AND ${usable}` : ''}`, [id])) as { id: number }[];
  if (!row) return;
  await qr.query(`UPDATE ${table} SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END`, [id]);
}

async function hasIndex(qr: QueryRunner, name: string): Promise<boolean> {
  const rows = (await qr.query(
    "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'tickets' AND INDEX_NAME = ?",
    [name],
  )) as unknown[];
  return rows.length > 0;
}
