import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { TicketStatusesAdminService } from '../../tickets/ticket-statuses-admin.service';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm } from './catalog-forms';
import { StatusDto, toStatusInput } from './dto/status.dto';
import { StatusesPresenter } from './statuses.presenter';

const FORM = 'admin/statuses/form';

/** /scp/admin/statuses: list, create, edit, disable/enable and a guarded delete. */
@Controller('scp/admin/statuses')
@UseGuards(AdminGuard)
export class AdminStatusesController {
  constructor(
    private readonly statuses: TicketStatusesAdminService,
    private readonly presenter: StatusesPresenter,
  ) {}

  @Get()
  @Render('admin/statuses/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.statuses.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  async newForm() {
    return this.presenter.form(null, this.presenter.values(null, await this.statuses.nextSort()));
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, StatusDto, {
      run: async (dto) => {
        const status = await this.statuses.create(staffActor(scope, req.ip), toStatusInput(dto));
        return { message: `Status “${status.name}” created.`, redirect: this.presenter.listUrl() };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, this.presenter.submitted(body, errors)) }),
    });
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const item = await this.statuses.detail(id);
    return this.presenter.form(item, this.presenter.values(item.status));
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, StatusDto, {
      run: async (dto) => {
        const status = await this.statuses.update(staffActor(scope, req.ip), id, toStatusInput(dto));
        return { message: `Status “${status.name}” saved.`, redirect: this.presenter.listUrl() };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(await this.statuses.detail(id), this.presenter.submitted(body, errors)) }),
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
      const status = await this.statuses.delete(staffActor(scope, req.ip), id);
      return { message: `Status “${status.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }

  /** The list's and the edit page's buttons: success and refusals both go back to the page the button was on. */
  private setActive(scope: AgentScope, id: number, active: boolean, req: AppRequest, res: Response) {
    const back = this.presenter.backUrl(req.body?.from, id);
    return submitAction(req, res, back, async () => {
      const status = await this.statuses.setActive(staffActor(scope, req.ip), id, active);
      return { message: `Status “${status.name}” ${active ? 'enabled' : 'disabled'}.`, redirect: back };
    });
  }
}
