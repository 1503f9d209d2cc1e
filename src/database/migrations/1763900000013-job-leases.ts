import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/**
 * Background jobs (ARCHITECTURE 10): one lease row per job so only one instance runs it at a time, a log
 * of every run, the admin's automation rules, and the marks that make a rule fire once per ticket episode.
 */
export class JobLeases1763900000013 implements MigrationInterface {
  name = 'JobLeases1763900000013';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'job_leases', [
      col.varchar('name', 64), col.varchar('holder', 128), col.datetime('lease_until'),
      col.datetime('last_started_at', { nullable: true }), col.datetime('last_finished_at', { nullable: true }), col.text('last_result', { nullable: true }),
    ], { primary: ['name'] });
    await createTable(qr, 'job_runs', [
      col.id(), col.varchar('name', 64), col.varchar('holder', 128), col.datetime('started_at'), col.datetime('finished_at', { nullable: true }),
      col.varchar('outcome', 16), col.text('summary'),
    ], { indices: [index('job_runs_name_id_idx', ['name', 'id'])] });
    await createTable(qr, 'automation_rules', [
      col.id(), col.varchar('kind', 32), col.varchar('name', 120), col.bool('is_active', true), col.text('config'), col.createdAt(), col.datetime('updated_at'),
    ], { indices: [index('automation_rules_name_uq', ['name'], true)] });
    await createTable(qr, 'ticket_automation_marks', [col.fk('ticket_id'), col.fk('rule_id'), col.datetime('marked_at')], {
      primary: ['ticket_id', 'rule_id'],
      indices: [index('ticket_automation_marks_rule_idx', ['rule_id'])],
      foreignKeys: [
        fk('ticket_automation_marks_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('ticket_automation_marks_rule_id_fk', 'rule_id', 'automation_rules', 'CASCADE'),
      ],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ticket_automation_marks', true);
    await qr.dropTable('automation_rules', true);
    await qr.dropTable('job_runs', true);
    await qr.dropTable('job_leases', true);
  }
}
