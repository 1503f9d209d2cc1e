import { QueryRunner } from 'typeorm';
import { isMysql } from './migration-kit';

/**
 * Adds permissions to roles by name, keeping what each role already has: a data step for migrations that
 * introduce a permission, so existing installs' default roles match a fresh install's. Plain SQL, so it
 * never depends on today's entities.
 */
export async function grantToRoles(qr: QueryRunner, grants: Record<string, string[]>): Promise<void> {
  for (const [name, permissions] of Object.entries(grants)) {
    const rows: { id: number; permissions: string }[] = await qr.query(`SELECT id, permissions FROM roles WHERE name = ?`, [name]);
    for (const row of rows) await write(qr, row.id, [...new Set([...parse(row.permissions), ...permissions])]);
  }
}

/** Takes the permissions away from every role (a migration's `down`). */
export async function revokeFromRoles(qr: QueryRunner, permissions: string[]): Promise<void> {
  const rows: { id: number; permissions: string }[] = await qr.query('SELECT id, permissions FROM roles');
  for (const row of rows) {
    const current = parse(row.permissions);
    if (current.some((p) => permissions.includes(p))) await write(qr, row.id, current.filter((p) => !permissions.includes(p)));
  }
}

function parse(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string') : [];
}

async function write(qr: QueryRunner, id: number, permissions: string[]): Promise<void> {
  const table = isMysql(qr) ? '`roles`' : '"roles"';
  await qr.query(`UPDATE ${table} SET permissions = ? WHERE id = ?`, [JSON.stringify(permissions), id]);
}
