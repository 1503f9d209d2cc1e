import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, createTable, foreignKey as fk, index, withoutForeignKeys } from '../migration-kit';

/** Help topic defaults (status, auto-assignee, team, custom form) and custom forms with their fields and answers. */
export class FormsTopics1763900000007 implements MigrationInterface {
  name = 'FormsTopics1763900000007';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'custom_forms', [
      col.id(), col.varchar('name', 120), col.text('instructions', { nullable: true }), col.bool('is_active', true), col.createdAt(),
    ], { indices: [index('custom_forms_name_uq', ['name'], true)] });
    await createTable(qr, 'custom_fields', [
      col.id(), col.fk('form_id'), col.varchar('name', 64), col.varchar('label', 191), col.varchar('type', 16),
      col.text('choices', { nullable: true }), col.bool('is_required', false), col.varchar('visibility', 16),
      col.bool('user_editable', true), col.int('sort', { default: 0 }), col.bool('is_active', true),
    ], {
      indices: [index('custom_fields_form_name_uq', ['form_id', 'name'], true)],
      foreignKeys: [fk('custom_fields_form_id_fk', 'form_id', 'custom_forms', 'CASCADE')],
    });
    await createTable(qr, 'ticket_field_values', [col.id(), col.fk('ticket_id'), col.fk('field_id'), col.text('value')], {
      indices: [
        index('ticket_field_values_ticket_field_uq', ['ticket_id', 'field_id'], true),
        index('ticket_field_values_field_idx', ['field_id']),
      ],
      foreignKeys: [
        fk('ticket_field_values_ticket_id_fk', 'ticket_id', 'tickets', 'CASCADE'),
        fk('ticket_field_values_field_id_fk', 'field_id', 'custom_fields'),
      ],
    });
    await qr.addColumns('help_topics', TOPIC_COLUMNS.map(([name]) => new TableColumn(col.fk(name, { nullable: true }))));
    await qr.createForeignKeys('help_topics', TOPIC_COLUMNS.map(([name, table]) => fk(`help_topics_${name}_fk`, name, table)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      const topics = await qr.getTable('help_topics');
      const keys = topics?.foreignKeys.filter((k) => TOPIC_COLUMNS.some(([name]) => k.name === `help_topics_${name}_fk`)) ?? [];
      await qr.dropForeignKeys('help_topics', keys);
      await qr.dropColumns('help_topics', TOPIC_COLUMNS.map(([name]) => name));
      for (const table of ['ticket_field_values', 'custom_fields', 'custom_forms']) await qr.dropTable(table, true);
    });
  }
}

/** The help topic columns this migration adds, each with the table its foreign key points to. */
const TOPIC_COLUMNS: [column: string, table: string][] = [
  ['status_id', 'ticket_statuses'], ['staff_id', 'staff'], ['team_id', 'teams'], ['form_id', 'custom_forms'],
];
