import { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from '../migration-kit';

/** Index name before, index name and columns after: the queue's own key, then the agent-scope columns. */
const WIDENED: [string, string, string[]][] = [
  ['tickets_state_id_idx', 'tickets_state_scope_idx', ['state', 'id', 'department_id', 'staff_id', 'team_id']],
  ['tickets_state_answered_id_idx', 'tickets_state_answered_scope_idx', ['state', 'is_answered', 'id', 'department_id', 'staff_id', 'team_id']],
  ['tickets_state_overdue_id_idx', 'tickets_state_overdue_scope_idx', ['state', 'is_overdue', 'id', 'department_id', 'staff_id', 'team_id']],
  ['tickets_staff_state_id_idx', 'tickets_staff_state_scope_idx', ['staff_id', 'state', 'id', 'department_id', 'team_id']],
];

/**
 * An agent's queues and counts filter on (department IN ... OR staff = me OR team IN ...). With only the
 * queue's key in the index, each candidate row cost a read of the table row to check that scope (an
 * admin's counts took 1 ms, an agent's 4-8 ms on the 100k bench set). The scope columns at the end of
 * the index make those walks index-only, in the same (key, id) order. New indexes are created before the
 * old ones go: MySQL keeps an index on a foreign key's column at all times (staff_id).
 */
export class QueueScopeIndexes1763900000180 implements MigrationInterface {
  name = 'QueueScopeIndexes1763900000180';

  async up(qr: QueryRunner): Promise<void> {
    for (const [, name, columns] of WIDENED) await qr.createIndex('tickets', index(name, columns));
    for (const [old] of WIDENED) await qr.dropIndex('tickets', old);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const [old, name, columns] of WIDENED) {
      await qr.createIndex('tickets', index(old, columns.slice(0, columns.indexOf('id') + 1)));
      await qr.dropIndex('tickets', name);
    }
  }
}
