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
