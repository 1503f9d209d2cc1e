import { QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

/**
 * Portable column and table builders: one migration runs unchanged on SQLite and MySQL/MariaDB, and
 * describes exactly what the entities declare (see database/columns.ts), so the drift test stays quiet.
 */
type ColOpts = { nullable?: boolean; default?: string | number | boolean };

const base = (name: string, type: string, o: ColOpts = {}): TableColumnOptions => ({
  name,
  type,
  isNullable: o.nullable ?? false,
  ...(o.default !== undefined ? { default: typeof o.default === 'string' ? `'${o.default}'` : o.default } : {}),
});

export const col = {
  id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  varchar: (name: string, length: number, o?: ColOpts): TableColumnOptions => ({ ...base(name, 'varchar', o), length: String(length) }),
  text: (name: string, o?: ColOpts) => base(name, 'text', o),
  int: (name: string, o?: ColOpts) => base(name, 'integer', o),
  bool: (name: string, defaultValue: boolean): TableColumnOptions => ({ ...base(name, 'boolean'), default: defaultValue ? 1 : 0 }),
  datetime: (name: string, o?: ColOpts) => base(name, 'datetime', o),
  createdAt: (name = 'created_at'): TableColumnOptions => ({ ...base(name, 'datetime'), default: 'CURRENT_TIMESTAMP' }),
  fk: (name: string, o?: ColOpts) => base(name, 'integer', o),
};

export function index(name: string, columnNames: string[], isUnique = false): TableIndex {
  return new TableIndex({ name, columnNames, isUnique });
}

export function foreignKey(name: string, column: string, referencedTable: string, onDelete: 'NO ACTION' | 'CASCADE' = 'NO ACTION'): TableForeignKey {
  return new TableForeignKey({ name, columnNames: [column], referencedTableName: referencedTable, referencedColumnNames: ['id'], onDelete, onUpdate: 'NO ACTION' });
}

export async function createTable(
  qr: QueryRunner,
  name: string,
  columns: TableColumnOptions[],
  extra: { indices?: TableIndex[]; foreignKeys?: TableForeignKey[]; primary?: string[] } = {},
): Promise<void> {
  const cols = extra.primary ? columns.map((c) => (extra.primary!.includes(c.name) ? { ...c, isPrimary: true } : c)) : columns;
  await qr.createTable(new Table({ name, columns: cols, indices: extra.indices, foreignKeys: extra.foreignKeys }), false, true, true);
  if (isMysql(qr)) {
    // CASE: a server whose default charset is latin1 would mangle names and mail; force utf8mb4 per table.
    await qr.query(`ALTER TABLE \`${name}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
}

export function isMysql(qr: QueryRunner): boolean {
  return qr.connection.options.type === 'mysql' || qr.connection.options.type === 'mariadb';
}

/**
 * Inserts rows by column name with plain SQL, so a data migration never depends on today's entities.
 * Both drivers take `?` placeholders; booleans become 1/0 (better-sqlite3 cannot bind booleans).
 */
export async function insertRows(qr: QueryRunner, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (const row of rows) {
    const columns = Object.keys(row);
    const values = Object.values(row).map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    const quote = (name: string) => (isMysql(qr) ? `\`${name}\`` : `"${name}"`);
    await qr.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values);
  }
}

/**
 * Runs schema changes that rebuild SQLite tables with the foreign key checks off, then verifies that no
 * row points nowhere. On MySQL/MariaDB it just runs `work` (ALTER TABLE changes tables in place).
 *
 * Why: on SQLite, dropping a foreign key or a column (and most other changes to an existing table)
 * rebuilds the table: create a copy, copy the rows, drop the original, rename the copy. While foreign
 * keys are enforced, dropping a table that other tables point at fails, or fires their ON DELETE
 * actions. `PRAGMA foreign_keys` does nothing inside a transaction, and TypeORM runs every migration
 * inside one: it turns the checks off before opening the transaction for `up`, but for `down`
 * (`migration:revert`, `undoLastMigration`) only after, where the pragma is ignored. So this commits
 * the transaction TypeORM opened, turns the checks off, does the work in a transaction of its own
 * ended by `PRAGMA foreign_key_check` (a dangling row rolls the work back with an error), restores the
 * checks as they were, and reopens a transaction for TypeORM to finish.
 *
 * CASE: what the migration did before this call is committed by it; call it first, or where the
 * earlier steps may stand on their own.
 */
export async function withoutForeignKeys(qr: QueryRunner, work: () => Promise<void>): Promise<void> {
  if (isMysql(qr)) return work();
  const wasInTransaction = qr.isTransactionActive;
  if (wasInTransaction) await qr.commitTransaction();
  const [{ foreign_keys: enforced }] = (await qr.query('PRAGMA foreign_keys')) as { foreign_keys: number }[];
  await qr.query('PRAGMA foreign_keys = OFF');
  try {
    await qr.startTransaction();
    try {
      await work();
      const dangling: unknown[] = await qr.query('PRAGMA foreign_key_check');
      if (dangling.length > 0) throw new Error(`The change would leave ${dangling.length} rows pointing nowhere (${JSON.stringify(dangling[0])}).`);
      await qr.commitTransaction();
    } catch (err) {
      await qr.rollbackTransaction();
      throw err;
    }
  } finally {
    if (enforced) await qr.query('PRAGMA foreign_keys = ON');
    if (wasInTransaction) await qr.startTransaction();
  }
}
