import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { SchedulesAdminService } from '../../sla/schedules-admin.service';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm, textOf } from '../catalog/catalog-forms';
import { parseScheduleForm, ScheduleDto, withTableRows } from './schedule-form';
import { SchedulesPresenter } from './schedules.presenter';
import { timeZoneList } from './time-zones';

const FORM = 'admin/schedules/form';

/** /scp/admin/schedules: business-hours schedules (list, presets, create, edit, guarded delete). */
@Controller('scp/admin/schedules')
@UseGuards(AdminGuard)
export class AdminSchedulesController {
  constructor(
    private readonly schedules: SchedulesAdminService,
    private readonly presenter: SchedulesPresenter,
  ) {}

  @Get()
  @Render('admin/schedules/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.schedules.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  newForm() {
    return this.presenter.form(null, this.presenter.values(null), timeZoneList());
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, ScheduleDto, {
      run: async (dto) => {
        const schedule = await withTableRows(parseScheduleForm(dto), (input) => this.schedules.create(staffActor(scope, req.ip), input));
        return { message: `Schedule “${schedule.name}” created.`, redirect: this.presenter.editUrl(schedule.id) };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, this.presenter.submitted(body, errors), timeZoneList()) }),
    });
  }

  /** POST preset=24/7|24/5|us-business-hours: a new schedule from a preset, opened for editing. */
  @Post('preset')
  async preset(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    const schedule = await this.schedules.createFromPreset(staffActor(scope, req.ip), textOf(req.body ?? {}, 'preset'));
    req.flash?.('success', `Schedule “${schedule.name}” created from the preset.`);
    res.redirect(303, this.presenter.editUrl(schedule.id));
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const detail = await this.schedules.detail(id);
    return this.presenter.form(detail, this.presenter.values(detail), timeZoneList());
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, ScheduleDto, {
      run: async (dto) => {
        const schedule = await withTableRows(parseScheduleForm(dto), (input) => this.schedules.update(staffActor(scope, req.ip), id, input));
        return { message: `Schedule “${schedule.name}” saved.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => ({
        view: FORM, vm: this.presenter.form(await this.schedules.detail(id), this.presenter.submitted(body, errors), timeZoneList()),
      }),
    });
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const schedule = await this.schedules.delete(staffActor(scope, req.ip), id);
      return { message: `Schedule “${schedule.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }
}
