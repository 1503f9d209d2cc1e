import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { Department } from '../../departments/department.entity';
import { EmailTemplate } from '../../notifications/email-template.entity';
import { NOTICE_VARIABLES, NOTICES } from '../../notifications/notice-catalog';
import { TemplateText } from '../../notifications/template-render';
import { adminPage } from '../admin-nav';

export interface EmailTemplateFormValues {
  subject: string;
  text: string;
  html: string;
  isActive: boolean;
  optOutDepartmentIds: number[];
}

const SWITCH_NOTES = { autoresponder: 'Sent only while autoresponses are on in Settings.', alerts: 'Sent only while alerts are on in Settings.' };

/** View-models of the email templates pages. */
@Injectable()
export class AdminEmailTemplatesPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/email-templates${path}`;
  }

  list(templates: EmailTemplate[]) {
    return {
      ...adminPage('email-templates', this.config.basePath, 'Email Templates'),
      templates: templates.map((t) => ({
        label: NOTICES[t.code].label, description: NOTICES[t.code].description, audience: NOTICES[t.code].audience === 'user' ? 'End users' : 'Agents',
        subject: t.subject, isActive: t.isActive, editUrl: this.url(`/${t.code}`),
      })),
    };
  }

  form(template: EmailTemplate, departments: Department[], values: EmailTemplateFormValues, errors: FormErrors = {}, preview: TemplateText | null = null) {
    const notice = NOTICES[template.code];
    return {
      ...adminPage('email-templates', this.config.basePath, notice.label),
      heading: notice.label,
      description: notice.description,
      switchNote: notice.switch ? SWITCH_NOTES[notice.switch] : null,
      action: this.url(`/${template.code}`),
      previewUrl: this.url(`/${template.code}/preview`),
      resetUrl: this.url(`/${template.code}/reset`),
      resetConfirm: `Replace the wording of “${notice.label}” with the default? Your changes are lost.`,
      listUrl: this.url(),
      form: { values, errors },
      departments: departments.map((d) => ({ id: d.id, name: d.isActive ? d.name : `${d.name} (disabled)`, sends: !values.optOutDepartmentIds.includes(d.id) })),
      variables: Object.entries(NOTICE_VARIABLES).map(([name, description]) => ({ placeholder: `%{${name}}`, description })),
      preview,
    };
  }

  values(template: EmailTemplate, optOutDepartmentIds: number[]): EmailTemplateFormValues {
    return { subject: template.subject, text: template.textBody, html: template.htmlBody, isActive: template.isActive, optOutDepartmentIds };
  }
}

/** What was typed, to put back in the form after a refusal or with a preview. */
export function typedTemplateValues(body: Record<string, unknown>, departments: Department[]): EmailTemplateFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const last = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);
  const sends = new Set((Array.isArray(body.sendFor) ? body.sendFor : body.sendFor === undefined ? [] : [body.sendFor]).map(String));
  return {
    subject: text(body.subject), text: text(body.text), html: text(body.html), isActive: last(body.isActive) === '1',
    optOutDepartmentIds: departments.filter((d) => !sends.has(String(d.id))).map((d) => d.id),
  };
}
