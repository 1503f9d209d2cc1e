import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalidField, notFound } from '../common/errors';
import { Department } from '../departments/department.entity';
import { EmailTemplate, EmailTemplateOptOut } from './email-template.entity';
import { NOTICE_CODES, NoticeCode, NOTICES } from './notice-catalog';
import { renderTemplate, TemplateText } from './template-render';

export interface EmailTemplateInput {
  subject: string;
  text: string;
  html: string;
  isActive: boolean;
  /** Departments whose tickets do not get this notice. */
  optOutDepartmentIds: number[];
}

export interface EmailTemplateView {
  template: EmailTemplate;
  optOutDepartmentIds: number[];
}

/** What a preview fills in: a plausible ticket, so the admin sees the wording as a recipient would. */
export const SAMPLE_VARS = {
  'ticket.number': '482913', 'ticket.subject': 'Mobile banking is down', 'ticket.status': 'Open', 'ticket.priority': 'Normal',
  'ticket.department': 'Support', 'ticket.staff_url': 'https://help.example.com/scp/tickets/1', 'ticket.portal_url': 'https://help.example.com/tickets/access/sample-link',
  'user.name': 'Karen Kline', 'user.email': 'karen@example.com', 'recipient.name': 'Karen Kline', 'poster.name': 'John Doe',
  message: 'The app says "error 42" since this morning.\nI tried reinstalling it.', 'note.title': 'Known outage', 'assignee.name': 'John Doe',
  'overdue.target': 'resolution', 'overdue.label': 'Resolution overdue', 'overdue.due': '2026-03-03 17:00 UTC', 'helpdesk.name': 'RelayDesk',
};

/** The admin's side of the notice templates: edit, per-department switches, preview, reset to default. */
@Injectable()
export class EmailTemplatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every notice, in the catalog's order (the migration seeded one row each). */
  async list(): Promise<EmailTemplate[]> {
    const rows = await this.db.getRepository(EmailTemplate).findBy({ code: In([...NOTICE_CODES]) });
    return NOTICE_CODES.map((code) => rows.find((r) => r.code === code)).filter((r): r is EmailTemplate => !!r);
  }

  async get(code: string): Promise<EmailTemplateView> {
    if (!isNoticeCode(code)) throw notFound('email template');
    const template = await this.db.getRepository(EmailTemplate).findOneBy({ code });
    if (!template) throw notFound('email template');
    const optOuts = await this.db.getRepository(EmailTemplateOptOut).find({ where: { templateId: template.id }, order: { departmentId: 'ASC' } });
    return { template, optOutDepartmentIds: optOuts.map((o) => o.departmentId) };
  }

  departments(): Promise<Department[]> {
    return this.db.getRepository(Department).find({ order: { name: 'ASC' } });
  }

  preview(text: TemplateText): TemplateText {
    return renderTemplate(text, { ...SAMPLE_VARS });
  }

  async update(actor: AuditActor, code: string, input: EmailTemplateInput): Promise<EmailTemplate> {
    const { template, optOutDepartmentIds } = await this.get(code);
    return this.db.transaction(async (manager) => {
      const known = input.optOutDepartmentIds.length === 0 ? 0 : await manager.countBy(Department, { id: In(input.optOutDepartmentIds) });
      if (known !== new Set(input.optOutDepartmentIds).size) throw invalidField('optOutDepartmentIds', 'Choose departments from the list.');
      const before = { ...snapshot(template), optOutDepartmentIds };
      const columns = { subject: input.subject, textBody: input.text, htmlBody: input.html, isActive: input.isActive, updatedAt: this.clock.now() };
      await manager.update(EmailTemplate, { id: template.id }, columns);
      await this.replaceOptOuts(manager, template.id, input.optOutDepartmentIds);
      Object.assign(template, columns);
      const changes = changedFields(before, { ...snapshot(template), optOutDepartmentIds: [...new Set(input.optOutDepartmentIds)].sort((a, b) => a - b) });
      if (Object.keys(changes.after).length > 0) {
        await this.audit.record(actor, { action: 'email_template.updated', target: target(template), before: changes.before, after: changes.after }, manager);
      }
      return template;
    });
  }

  /** Restores the default wording (the switches stay as they are). */
  async reset(actor: AuditActor, code: string): Promise<EmailTemplate> {
    const { template } = await this.get(code);
    const notice = NOTICES[template.code];
    return this.db.transaction(async (manager) => {
      const before = snapshot(template);
      const columns = { subject: notice.subject, textBody: notice.text, htmlBody: notice.html, updatedAt: this.clock.now() };
      await manager.update(EmailTemplate, { id: template.id }, columns);
      Object.assign(template, columns);
      await this.audit.record(actor, { action: 'email_template.reset', target: target(template), before: changedFields(snapshot(template), before).after }, manager);
      return template;
    });
  }

  private async replaceOptOuts(manager: EntityManager, templateId: number, departmentIds: number[]): Promise<void> {
    await manager.delete(EmailTemplateOptOut, { templateId });
    for (const departmentId of new Set(departmentIds)) await manager.insert(EmailTemplateOptOut, { templateId, departmentId });
  }
}

export const isNoticeCode = (code: string): code is NoticeCode => (NOTICE_CODES as readonly string[]).includes(code);
const target = (t: EmailTemplate) => ({ type: 'email_template', id: t.id, label: NOTICES[t.code].label });
/** The audit log keeps the start of a long body. */
const clip = (text: string) => (text.length > 1000 ? `${text.slice(0, 1000)}…` : text);
const snapshot = (t: EmailTemplate): Record<string, unknown> => ({ subject: t.subject, textBody: clip(t.textBody), htmlBody: clip(t.htmlBody), isActive: t.isActive });
