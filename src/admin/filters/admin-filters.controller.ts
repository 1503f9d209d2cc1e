import { Controller, Get, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AuditActor, staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { notFound } from '../../common/errors';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { FilterReferencesService } from '../../filters/filter-references.service';
import { IntakeFilter } from '../../filters/filters.entities';
import { FilterPreview, IntakeFiltersService } from '../../filters/intake-filters.service';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { attempt } from '../agents/form-outcome';
import { AdminFiltersPresenter } from './admin-filters.presenter';
import { FilterFormValues, readFilterForm, toFilterInput, toPreviewSample } from './filter-form';

/**
 * /scp/admin/filters: the ordered list (move up/down), create and edit with "Test against a sample"
 * (`intent=test`: runs the typed rule, saved or not, and saves nothing), disable/enable and delete.
 */
@Controller('scp/admin/filters')
@UseGuards(AdminGuard)
export class AdminFiltersController {
  constructor(
    private readonly filters: IntakeFiltersService,
    private readonly references: FilterReferencesService,
    private readonly presenter: AdminFiltersPresenter,
  ) {}

  @Get()
  @Render('admin/filters/index')
  async index() {
    const filters = await this.filters.list();
    const rows = await Promise.all(filters.map(async (filter) => ({ filter, actions: await this.references.describe(filter.actions ?? []) })));
    return this.presenter.list(rows);
  }

  @Get('new')
  async newForm(@Res() res: Response): Promise<void> {
    await this.render(res, 200, null);
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submit(req, res, null, staffActor(scope, req.ip));
  }

  @Get(':id')
  async edit(@IdParam() id: number, @Res() res: Response): Promise<void> {
    const filter = await this.filters.get(id);
    await this.render(res, 200, filter, this.presenter.values(filter));
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submit(req, res, await this.filters.get(id), staffActor(scope, req.ip));
  }

  @Post(':id/move')
  async move(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const direction = req.body?.direction;
    if (direction !== 'up' && direction !== 'down') throw notFound();
    const moved = await this.filters.move(staffActor(scope, req.ip), id, direction);
    req.flash?.('success', `Filter “${moved.name}” moved ${direction}.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const filter = await this.filters.setActive(staffActor(scope, req.ip), id, false);
    req.flash?.('success', `Filter “${filter.name}” disabled.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/enable')
  async enable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const filter = await this.filters.setActive(staffActor(scope, req.ip), id, true);
    req.flash?.('success', `Filter “${filter.name}” enabled.`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/delete')
  async delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const filter = await this.filters.delete(staffActor(scope, req.ip), id);
    req.flash?.('success', `Filter “${filter.name}” deleted.`);
    res.redirect(303, this.presenter.url());
  }

  /** Save (303 to the list) or, with `intent=test`, the preview (200); a refusal re-renders the form with 422. */
  private async submit(req: AppRequest, res: Response, existing: IntakeFilter | null, actor: AuditActor): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = readFilterForm(body);
    const parsed = toFilterInput(values);
    if (body.intent === 'test') {
      const sample = toPreviewSample(values);
      if (!sample.ok) return this.render(res, 422, existing, values, sample.errors);
      const outcome = await attempt(() => this.filters.preview(parsed.input, sample.sample, existing?.id ?? null));
      if (!outcome.ok) return this.render(res, 422, existing, values, parsed.formErrors(outcome.errors));
      return this.render(res, 200, existing, values, {}, outcome.value);
    }
    const saved = await attempt(() => (existing ? this.filters.update(actor, existing.id, parsed.input) : this.filters.create(actor, parsed.input)));
    if (!saved.ok) return this.render(res, 422, existing, values, parsed.formErrors(saved.errors));
    req.flash?.('success', `Filter “${saved.value.name}” ${existing ? 'saved' : 'created'}.`);
    res.redirect(303, this.presenter.url());
  }

  private async render(res: Response, status: number, existing: IntakeFilter | null, values?: FilterFormValues, errors: FormErrors = {}, preview: FilterPreview | null = null): Promise<void> {
    const [refs, customFields] = await Promise.all([this.references.choices(), this.references.customFields()]);
    res.status(status).render('admin/filters/form', this.presenter.form(refs, customFields, values, errors, existing, preview));
  }
}
