import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, foreignKey as fk, index } from '../migration-kit';

/** Intake filters (ordered rules run on every new ticket) and ticket collaborators (CCs a rule may add). */
export class IntakeFilters1763900000014 implements MigrationInterface {
  name = 'IntakeFilters1763900000014';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'intake_filters', [
      col.id(), col.varchar('name', 120), col.int('sort', { default: 0 }), col.bool('is_active', true), col.varchar('match', 8, { default: 'all' }),
      col.text('conditions'), col.text('actions'), col.createdAt(), col.datetime('updated_at'),
    ], {
      indices: [index('intake_filters_name_uq', ['name'], true), index('intake_filters_active_sort_idx', ['is_active', 'sort'])],
    });
    await createTable(qr, 'ticket_collaborators', [col.fk('ticket_id'), col.fk('user_id'), col.createdAt('added_at')], {
      primary: ['ticket_id', 'user_id'],
      indices: [index('ticket_collaborators_user_idx', ['user_id'])],
      foreignKeys: [fk('ticket_collaborators_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'), fk('ticket_collaborators_user_id_fk', 'user_id', 'users')],
    });
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('ticket_collaborators', true);
    await qr.dropTable('intake_filters', true);
  }
}
