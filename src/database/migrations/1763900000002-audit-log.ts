import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '../migration-kit';

/** The audit log: admin changes and security events, append-only. */
export class AuditLog1763900000002 implements MigrationInterface {
  name = 'AuditLog1763900000002';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'audit_events', [
      col.id(), col.createdAt(), col.varchar('actor_type', 16), col.fk('actor_id', { nullable: true }), col.varchar('actor_name', 191),
      col.varchar('ip_address', 64, { nullable: true }), col.varchar('action', 64), col.varchar('target_type', 32, { nullable: true }),
      col.fk('target_id', { nullable: true }), col.varchar('target_label', 191, { nullable: true }),
      col.text('before', { nullable: true }), col.text('after', { nullable: true }),
    ], {
      indices: [
        index('audit_events_created_at_idx', ['created_at', 'id']),
        index('audit_events_action_idx', ['action', 'id']),
        index('audit_events_actor_idx', ['actor_type', 'actor_id', 'id']),
        index('audit_events_target_idx', ['target_type', 'target_id', 'id']),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('audit_events', true);
  }
}
