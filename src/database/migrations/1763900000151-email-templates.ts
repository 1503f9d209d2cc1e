import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { NOTICE_CODES, NOTICES } from '../../notifications/notice-catalog';
import { col, createTable, foreignKey as fk, index, insertRows, withoutForeignKeys } from '../migration-kit';

/**
 * Editable notice templates, seeded with the default wording; per-department opt-outs; and the From
 * address of each outgoing mail (a department's own mailbox, or null for MAIL_FROM).
 */
export class EmailTemplates1763900000151 implements MigrationInterface {
  name = 'EmailTemplates1763900000151';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'email_templates', [
      col.id(), col.varchar('code', 64), col.varchar('subject', 255), col.text('text_body'), col.text('html_body'),
      col.bool('is_active', true), col.datetime('updated_at'),
    ], { indices: [index('email_templates_code_uq', ['code'], true)] });
    await createTable(qr, 'email_template_department_opt_outs', [col.fk('template_id'), col.fk('department_id')], {
      primary: ['template_id', 'department_id'],
      indices: [index('email_template_opt_outs_department_idx', ['department_id'])],
      foreignKeys: [
        fk('email_template_opt_outs_template_id_fk', 'template_id', 'email_templates', 'CASCADE'),
        fk('email_template_opt_outs_department_id_fk', 'department_id', 'departments', 'CASCADE'),
      ],
    });
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await insertRows(qr, 'email_templates', NOTICE_CODES.map((code) => ({
      code, subject: NOTICES[code].subject, text_body: NOTICES[code].text, html_body: NOTICES[code].html, is_active: true, updated_at: now,
    })));
    await qr.addColumn('mail_outbox', new TableColumn(col.varchar('from_address', 255, { nullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await withoutForeignKeys(qr, async () => {
      await qr.dropColumn('mail_outbox', 'from_address');
      await qr.dropTable('email_template_department_opt_outs', true);
      await qr.dropTable('email_templates', true);
    });
  }
}
