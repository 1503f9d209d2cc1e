import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EmailTemplate, EmailTemplateOptOut } from './email-template.entity';
import { NoticeCode, NOTICES } from './notice-catalog';
import { TemplateText } from './template-render';

/** The wording of a notice as the admin left it, and whether it goes out for a department. */
@Injectable()
export class NoticeTemplatesService {
  /**
   * The template to send for this notice and department, or null when the admin turned it off (for
   * every department, or for this one). A template row missing from the table falls back to the default.
   */
  async forDepartment(manager: EntityManager, code: NoticeCode, departmentId: number | null): Promise<TemplateText | null> {
    const row = await manager.findOneBy(EmailTemplate, { code });
    if (!row) return { subject: NOTICES[code].subject, text: NOTICES[code].text, html: NOTICES[code].html };
    if (!row.isActive) return null;
    if (departmentId !== null && (await manager.existsBy(EmailTemplateOptOut, { templateId: row.id, departmentId }))) return null;
    return { subject: row.subject, text: row.textBody, html: row.htmlBody };
  }
}
