import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';
import { grantToRoles, revokeFromRoles } from '../role-permission-grants';

/**
 * Satisfaction ratings: one per resolution of a ticket (unique ticket + the closing time it rates), with
 * the agent, department and help topic copied at rating time so the report aggregates over one index on
 * created_at without touching tickets. Rating requests carry the hashed token of the link in the mail.
 */
export class Satisfaction1763900000141 implements MigrationInterface {
  name = 'Satisfaction1763900000141';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'satisfaction_ratings', [
      col.id(), col.fk('ticket_id'), col.datetime('resolved_at'), col.varchar('rating', 8), col.text('comment', { nullable: true }),
      col.int('staff_id', { nullable: true }), col.int('department_id'), col.int('help_topic_id', { nullable: true }),
      col.varchar('source', 16), col.createdAt(),
    ], {
      indices: [
        index('satisfaction_ratings_ticket_resolution_uq', ['ticket_id', 'resolved_at'], true),
        index('satisfaction_ratings_report_idx', ['created_at', 'department_id', 'staff_id', 'help_topic_id', 'rating']),
      ],
      foreignKeys: [fk('satisfaction_ratings_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE')],
    });

    await createTable(qr, 'satisfaction_requests', [
      col.id(), col.varchar('token_hash', 64), col.fk('ticket_id'), col.fk('user_id'), col.datetime('resolved_at'), col.createdAt(),
    ], {
      indices: [index('satisfaction_requests_hash_uq', ['token_hash'], true), index('satisfaction_requests_ticket_idx', ['ticket_id'])],
      foreignKeys: [
        fk('satisfaction_requests_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('satisfaction_requests_user_id_fk', 'user_id', 'users', 'CASCADE'),
      ],
    });

    await grantToRoles(qr, { 'All Access': ['reports.satisfaction'] });
  }

  async down(qr: QueryRunner): Promise<void> {
    await revokeFromRoles(qr, ['reports.satisfaction']);
    await qr.dropTable('satisfaction_requests', true);
    await qr.dropTable('satisfaction_ratings', true);
  }
}
