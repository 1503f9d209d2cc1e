import { ColumnOptions } from 'typeorm';

/**
 * Column shapes shared by entities and migrations, so both describe the same schema on SQLite and MySQL.
 * Auto-increment keys are `integer` (SQLite needs that name for rowid aliasing; MySQL maps it to INT).
 */
export const ID_TYPE = 'integer' as const;
export const createdAtColumn: ColumnOptions = { type: 'datetime', default: () => 'CURRENT_TIMESTAMP' };
export const datetimeColumn: ColumnOptions = { type: 'datetime' };
export const nullableDatetime: ColumnOptions = { type: 'datetime', nullable: true };
export const fkColumn: ColumnOptions = { type: ID_TYPE };
export const nullableFk: ColumnOptions = { type: ID_TYPE, nullable: true };

/** Longest text a thread entry body may hold: MySQL TEXT is 65,535 bytes, 4 bytes a character in utf8mb4. */
export const MAX_BODY_CHARS = 16_000;
