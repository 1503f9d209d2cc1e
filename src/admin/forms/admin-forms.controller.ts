import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormsService } from '../../forms/forms.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { FormDto } from './dto/form.dto';
import { conflictMessage, validationErrors } from './form-values';
import { FormPageState, FormsPresenter } from './forms.presenter';

/** /scp/admin/forms: custom forms (name, instructions), disabling and deleting them. Fields: AdminFormFieldsController. */
@Controller('scp/admin/forms')
@UseGuards(AdminGuard)
export class AdminFormsController {
  constructor(
    private readonly forms: FormsService,
    private readonly presenter: FormsPresenter,
  ) {}

  @Get()
  async list(@Query('q') q: unknown, @Res() res: Response): Promise<void> {
    const search = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    res.render('admin/forms/index', this.presenter.list(await this.forms.list(search), search));
  }

  @Get('new')
  newForm(@Res() res: Response): void {
    res.render('admin/forms/new', this.presenter.create());
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(FormDto, req.body);
    if (!form.ok) return res.status(422).render('admin/forms/new', this.presenter.create(req.body, form.errors));
    try {
      const saved = await this.forms.create(staffActor(scope, req.ip), { name: form.value.name, instructions: form.value.instructions || null });
      req.flash?.('success', `Form “${saved.name}” created. Add its fields below.`);
      res.redirect(303, this.presenter.url(`/${saved.id}`));
    } catch (err) {
      res.status(422).render('admin/forms/new', this.presenter.create(req.body, validationErrors(err, 'name')));
    }
  }

  @Get(':id')
  async edit(@IdParam() id: number, @Res() res: Response): Promise<void> {
    await this.renderEdit(res, 200, id);
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(FormDto, req.body);
    if (!form.ok) return this.renderEdit(res, 422, id, { details: { body: req.body, errors: form.errors } });
    try {
      const saved = await this.forms.update(staffActor(scope, req.ip), id, { name: form.value.name, instructions: form.value.instructions || null });
      req.flash?.('success', `Form “${saved.name}” saved.`);
      res.redirect(303, this.presenter.url(`/${id}`));
    } catch (err) {
      await this.renderEdit(res, 422, id, { details: { body: req.body, errors: validationErrors(err, 'name') } });
    }
  }

  @Post(':id/disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = await this.forms.setActive(staffActor(scope, req.ip), id, false);
    req.flash?.('success', `Form “${form.name}” disabled.`);
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  @Post(':id/enable')
  async enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = await this.forms.setActive(staffActor(scope, req.ip), id, true);
    req.flash?.('success', `Form “${form.name}” enabled.`);
    res.redirect(303, this.presenter.url(`/${id}`));
  }

  /** A refused delete (a topic uses the form, or tickets hold answers) goes back to the form with the reason. */
  @Post(':id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const form = await this.forms.delete(staffActor(scope, req.ip), id);
      req.flash?.('success', `Form “${form.name}” deleted.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      req.flash?.('error', conflictMessage(err));
      res.redirect(303, this.presenter.url(`/${id}`));
    }
  }

  private async renderEdit(res: Response, status: number, id: number, state?: FormPageState): Promise<void> {
    const form = await this.forms.get(id);
    res.status(status).render('admin/forms/edit', this.presenter.edit(form, await this.forms.topicNames(id), state));
  }
}
