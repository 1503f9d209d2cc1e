import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { IdParam } from '../../scp/dto/id';
import { RolesService, RoleSummary } from '../../staff/roles.service';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm } from '../catalog/catalog-forms';
import { RoleFormDto } from './dto/role-form.dto';
import { attempt, refusalOf } from './form-outcome';
import { roleFormValues, RolesPresenter } from './roles.presenter';

const FORM = 'admin/roles/form';

/** /scp/admin/roles: roles (named permission sets) with their agent counts; search, create, edit, disable/enable, delete. */
@Controller('scp/admin/roles')
@UseGuards(AdminGuard)
export class AdminRolesController {
  constructor(
    private readonly roles: RolesService,
    private readonly presenter: RolesPresenter,
  ) {}

  @Get()
  @Render('admin/roles/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.roles.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  newForm() {
    return this.presenter.form(null, { name: '', permissions: [] }, {});
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return this.save(req, res, null, (value) => this.roles.create(staffActor(scope, req.ip), value), 'created');
  }

  @Get(':id')
  @Render(FORM)
  async editForm(@IdParam() id: number) {
    const summary = await this.roles.get(id);
    return this.presenter.form(summary, { name: summary.role.name, permissions: summary.role.permissions }, {});
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    const summary = await this.roles.get(id);
    return this.save(req, res, summary, (value) => this.roles.update(staffActor(scope, req.ip), id, value), 'updated');
  }

  @Post(':id/disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.setActive(scope, id, false, req, res);
  }

  @Post(':id/enable')
  async enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.setActive(scope, id, true, req, res);
  }

  @Post(':id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    const { role } = await this.roles.get(id);
    const refusal = await refusalOf(() => this.roles.delete(staffActor(scope, req.ip), id));
    req.flash?.(refusal ? 'error' : 'success', refusal ?? `Role “${role.name}” deleted.`);
    res.redirect(303, refusal ? this.presenter.roleUrl(id) : this.presenter.listUrl());
  }

  /** The list's and the role page's buttons: success and refusals both go back to the page the button was on. */
  private async setActive(scope: AgentScope, id: number, active: boolean, req: AppRequest, res: Response) {
    const { role } = await this.roles.get(id);
    const refusal = await refusalOf(() => this.roles.setActive(staffActor(scope, req.ip), id, active));
    req.flash?.(refusal ? 'error' : 'success', refusal ?? `Role “${role.name}” ${active ? 'enabled' : 'disabled'}.`);
    res.redirect(303, this.presenter.backUrl(req.body?.from, id));
  }

  private async save(req: AppRequest, res: Response, summary: RoleSummary | null, run: (value: RoleFormDto) => Promise<{ name: string }>, verb: string) {
    const rerender = (errors: FormErrors) => res.status(422).render(FORM, this.presenter.form(summary, roleFormValues(req.body), errors));
    const parsed = parseForm(RoleFormDto, req.body);
    if (!parsed.ok) return rerender(parsed.errors);
    const saved = await attempt(() => run(parsed.value));
    if (!saved.ok) return rerender(saved.errors);
    req.flash?.('success', `Role “${saved.value.name}” ${verb}.`);
    res.redirect(303, this.presenter.listUrl());
  }
}
