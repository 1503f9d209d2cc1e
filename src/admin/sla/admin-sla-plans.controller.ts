import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { IdParam, parseId } from '../../scp/dto/id';
import { SlaPlansAdminService } from '../../sla/sla-plans-admin.service';
import { SlaPreviewService } from '../../sla/sla-preview.service';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { searchTerm, submitAction, submitForm } from '../catalog/catalog-forms';
import { SlaPlanDto, SlaPreviewDto, toSlaPlanInput } from './sla-plan.dto';
import { SlaPlansPresenter } from './sla-plans.presenter';
import { timeZoneList } from './time-zones';

const FORM = 'admin/sla/form';
const PREVIEW = 'admin/sla/preview';

/** /scp/admin/sla: SLA plans (list, create, edit, guarded delete) and the preview of a plan's due times. */
@Controller('scp/admin/sla')
@UseGuards(AdminGuard)
export class AdminSlaPlansController {
  constructor(
    private readonly plans: SlaPlansAdminService,
    private readonly previews: SlaPreviewService,
    private readonly presenter: SlaPlansPresenter,
  ) {}

  @Get()
  @Render('admin/sla/list')
  async list(@Query('q') q: unknown) {
    const term = searchTerm(q);
    return this.presenter.list(await this.plans.list(term), term);
  }

  @Get('new')
  @Render(FORM)
  async newForm() {
    return this.presenter.form(null, await this.plans.listSchedules(), this.presenter.values(null));
  }

  @Post()
  create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, SlaPlanDto, {
      run: async (dto) => {
        const plan = await this.plans.create(staffActor(scope, req.ip), toSlaPlanInput(dto));
        return { message: `SLA plan “${plan.name}” created.`, redirect: this.presenter.editUrl(plan.id) };
      },
      rerender: async (body, errors) => ({ view: FORM, vm: this.presenter.form(null, await this.plans.listSchedules(), this.presenter.submitted(body, errors)) }),
    });
  }

  /**
   * GET /scp/admin/sla/preview?planId=&start=&timezone=: without a query, the form with the default plan and
   * now; with one, the due times and the hours that counted (422 with the messages when a value is wrong).
   */
  @Get('preview')
  async preview(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const plans = await this.plans.listAll();
    if (query.start === undefined) {
      const defaults = await this.previews.defaults(typeof query.planId === 'string' ? parseId(query.planId, 'SLA plan') : null);
      return res.render(PREVIEW, this.presenter.preview(plans, { values: defaults, errors: {} }, timeZoneList(), null));
    }
    const values = { planId: text(query.planId), start: text(query.start), timezone: text(query.timezone) };
    const parsed = parseForm(SlaPreviewDto, query);
    try {
      if (!parsed.ok) throw new DomainError('validation_failed', 'Check the highlighted fields.', parsed.errors);
      const result = await this.previews.previewLocal(Number(parsed.value.planId), parsed.value.start, parsed.value.timezone);
      res.render(PREVIEW, this.presenter.preview(plans, { values, errors: {} }, timeZoneList(), result));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
      res.status(422).render(PREVIEW, this.presenter.preview(plans, { values, errors: err.fields }, timeZoneList(), null));
    }
  }

  @Get(':id')
  @Render(FORM)
  async edit(@IdParam() id: number) {
    const detail = await this.plans.detail(id);
    return this.presenter.form(detail, await this.plans.listSchedules(), this.presenter.values(detail.plan));
  }

  @Post(':id')
  update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitForm(req, res, SlaPlanDto, {
      run: async (dto) => {
        const plan = await this.plans.update(staffActor(scope, req.ip), id, toSlaPlanInput(dto));
        return { message: `SLA plan “${plan.name}” saved.`, redirect: this.presenter.editUrl(id) };
      },
      rerender: async (body, errors) => ({
        view: FORM, vm: this.presenter.form(await this.plans.detail(id), await this.plans.listSchedules(), this.presenter.submitted(body, errors)),
      }),
    });
  }

  @Post(':id/delete')
  delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return submitAction(req, res, this.presenter.editUrl(id), async () => {
      const plan = await this.plans.delete(staffActor(scope, req.ip), id);
      return { message: `SLA plan “${plan.name}” deleted.`, redirect: this.presenter.listUrl() };
    });
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
