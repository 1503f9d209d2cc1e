import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { PrioritiesAdminService } from '../../tickets/priorities-admin.service';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm } from './catalog-forms';
import { PriorityDto, toPriorityInput } from './dto/priority.dto';
import { PrioritiesPresenter } from './priorities.presenter';

const FORM = 'admin/priorities/form';

/** /scp/admin/priorities: list, create, edit, disable/enable and a guarded delete. */
@Controller('scp/admin/priorities')
@UseGuards(AdminGuard)
export class AdminPrioritiesController {
  constructor(
    private readonly priorities: PrioritiesAdminService,
    private readonly presenter: PrioritiesPresenter,
  ) {}

  @Get()
  @Render('admin/priorities/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.priorities.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  newForm() {
    return this.presenter.form(null, this.presenter.values(null));
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, PriorityDto, {
      run: async (dto) => {
        const priority = await this.priorities.create(staffActor(scope, req.ip), toPriorityInput(dto));
        return { message: `Priority “${priority.name}” created.`, redirect: this.presenter.listUrl() };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, this.presenter.submitted(body, errors)) }),
    });
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const item = await this.priorities.detail(id);
    return this.presenter.form(item, this.presenter.values(item.priority));
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, PriorityDto, {
      run: async (dto) => {
        const priority = await this.priorities.update(staffActor(scope, req.ip), id, toPriorityInput(dto));
        return { message: `Priority “${priority.name}” saved.`, redirect: this.presenter.listUrl() };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(await this.priorities.detail(id), this.presenter.submitted(body, errors)) }),
    });
  }

  @Post(':id/disable')
  disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.setActive(scope, id, false, req, res);
  }

  @Post(':id/enable')
  enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.setActive(scope, id, true, req, res);
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const priority = await this.priorities.delete(staffActor(scope, req.ip), id);
      return { message: `Priority “${priority.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }

  /** The list's and the edit page's buttons: success and refusals both go back to the page the button was on. */
  private setActive(scope: AgentScope, id: number, active: boolean, req: AppRequest, res: Response) {
    const back = this.presenter.backUrl(req.body?.from, id);
    return submitAction(req, res, back, async () => {
      const priority = await this.priorities.setActive(staffActor(scope, req.ip), id, active);
      return { message: `Priority “${priority.name}” ${active ? 'enabled' : 'disabled'}.`, redirect: back };
    });
  }
}
