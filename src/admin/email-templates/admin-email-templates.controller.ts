import { Controller, Get, Param, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { EmailTemplatesService } from '../../notifications/email-templates.service';
import { NOTICES } from '../../notifications/notice-catalog';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminEmailTemplatesPresenter, typedTemplateValues } from './admin-email-templates.presenter';
import { EmailTemplateDto } from './email-template.dto';

/** /scp/admin/email-templates: the notices' wording, per-department switches, preview, reset to default. */
@Controller('scp/admin/email-templates')
@UseGuards(AdminGuard)
export class AdminEmailTemplatesController {
  constructor(
    private readonly templates: EmailTemplatesService,
    private readonly presenter: AdminEmailTemplatesPresenter,
  ) {}

  @Get()
  @Render('admin/email-templates/index')
  async index() {
    return this.presenter.list(await this.templates.list());
  }

  @Get(':code')
  @Render('admin/email-templates/form')
  async edit(@Param('code') code: string) {
    const [{ template, optOutDepartmentIds }, departments] = await Promise.all([this.templates.get(code), this.templates.departments()]);
    return this.presenter.form(template, departments, this.presenter.values(template, optOutDepartmentIds));
  }

  @Post(':code')
  async update(@CurrentAgent() scope: AgentScope, @Param('code') code: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const [{ template }, departments] = await Promise.all([this.templates.get(code), this.templates.departments()]);
    const body = this.body(req, departments.map((d) => d.id));
    const parsed = parseForm(EmailTemplateDto, body);
    const refuse = (errors: Record<string, string>) =>
      res.status(422).render('admin/email-templates/form', this.presenter.form(template, departments, typedTemplateValues(body, departments), errors));
    if (!parsed.ok) return refuse(parsed.errors);
    try {
      const { subject, text, html, isActive, optOutDepartmentIds } = parsed.value;
      await this.templates.update(staffActor(scope, req.ip), code, { subject, text, html, isActive, optOutDepartmentIds: optOutDepartmentIds.map(Number) });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return refuse(err.fields);
      throw err;
    }
    req.flash?.('success', `Template “${NOTICES[template.code].label}” saved.`);
    res.redirect(303, this.presenter.url());
  }

  /** Renders the typed wording with sample data, next to the form; nothing is saved. */
  @Post(':code/preview')
  async preview(@Param('code') code: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const [{ template }, departments] = await Promise.all([this.templates.get(code), this.templates.departments()]);
    const body = this.body(req, departments.map((d) => d.id));
    const parsed = parseForm(EmailTemplateDto, body);
    const values = typedTemplateValues(body, departments);
    if (!parsed.ok) return res.status(422).render('admin/email-templates/form', this.presenter.form(template, departments, values, parsed.errors));
    const shown = this.templates.preview({ subject: parsed.value.subject, text: parsed.value.text, html: parsed.value.html });
    res.status(200).render('admin/email-templates/form', this.presenter.form(template, departments, values, {}, shown));
  }

  @Post(':code/reset')
  async reset(@CurrentAgent() scope: AgentScope, @Param('code') code: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const template = await this.templates.reset(staffActor(scope, req.ip), code);
    req.flash?.('success', `Template “${NOTICES[template.code].label}” is back to the default wording.`);
    res.redirect(303, this.presenter.url(`/${template.code}`));
  }

  /** The form posts the departments to send for (`sendFor`); the service keeps the others as opt-outs. */
  private body(req: AppRequest, departmentIds: number[]): Record<string, unknown> {
    const body = { ...((req.body ?? {}) as Record<string, unknown>) };
    const sends = new Set((Array.isArray(body.sendFor) ? body.sendFor : body.sendFor === undefined ? [] : [body.sendFor]).map(String));
    return { ...body, optOutDepartmentIds: departmentIds.filter((id) => !sends.has(String(id))).map(String) };
  }
}
