import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { CannedFilesService } from '../../canned/canned-files.service';
import { CANNED_LIST_LIMIT, CannedFilter, CannedInput, CannedResponsesService } from '../../canned/canned.service';
import { DomainError, notFound } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { IdParam } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminCannedPresenter, typedCannedValues } from './admin-canned.presenter';
import { CannedDto } from './canned.dto';

/** /scp/admin/canned: list (department filter, search), create, edit, delete. */
@Controller('scp/admin/canned')
@UseGuards(AdminGuard)
export class AdminCannedController {
  constructor(
    private readonly canned: CannedResponsesService,
    private readonly files: CannedFilesService,
    private readonly presenter: AdminCannedPresenter,
  ) {}

  @Get()
  @Render('admin/canned/index')
  async index(@Query() query: Record<string, unknown>) {
    const filter = parseFilter(query);
    const [responses, departments] = await Promise.all([this.canned.list(filter), this.canned.departmentChoices()]);
    return this.presenter.list(responses, departments, filter, CANNED_LIST_LIMIT);
  }

  @Get('new')
  @Render('admin/canned/form')
  async newForm() {
    return this.presenter.form(await this.canned.departmentChoices(), { title: '', departmentId: '', body: '', isActive: true });
  }

  @Post()
  async create(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.save(req, res, null, (input) => this.canned.create(staffActor(scope, req.ip), input), 'created');
  }

  @Get(':id')
  @Render('admin/canned/form')
  async edit(@IdParam() id: number) {
    const [response, departments, files] = await Promise.all([this.canned.get(id), this.canned.departmentChoices(), this.files.list(id)]);
    return this.presenter.form(departments, this.presenter.values(response), {}, response, files);
  }

  @Post(':id')
  async update(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const existing = await this.canned.get(id);
    await this.save(req, res, existing.id, (input) => this.canned.update(staffActor(scope, req.ip), id, input), 'saved');
  }

  @Post(':id/delete')
  async delete(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const deleted = await this.canned.delete(staffActor(scope, req.ip), id);
    req.flash?.('success', `Canned response “${deleted.title}” deleted.`);
    res.redirect(303, this.presenter.url());
  }

  /** Parses the form, makes the one service call, and answers: 303 to the list, or the form again with 422. */
  private async save(req: AppRequest, res: Response, id: number | null, run: (input: CannedInput) => Promise<{ title: string }>, verb: string): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(CannedDto, body);
    if (!parsed.ok) return this.refuse(res, id, body, parsed.errors);
    const { title, departmentId, isActive } = parsed.value;
    try {
      const saved = await run({ title, body: parsed.value.body, departmentId: departmentId ? Number(departmentId) : null, isActive });
      req.flash?.('success', `Canned response “${saved.title}” ${verb}.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return this.refuse(res, id, body, err.fields);
      throw err;
    }
  }

  private async refuse(res: Response, id: number | null, body: Record<string, unknown>, errors: FormErrors): Promise<void> {
    const [departments, existing, files] = await Promise.all([this.canned.departmentChoices(), id === null ? null : this.canned.get(id), id === null ? [] : this.files.list(id)]);
    res.status(422).render('admin/canned/form', this.presenter.form(departments, typedCannedValues(body), errors, existing, files));
  }
}

/** `?department=all|global|<id>&q=`; a department value that cannot be one is a page that does not exist. */
function parseFilter(query: Record<string, unknown>): CannedFilter {
  const department = query.department === undefined || query.department === '' ? 'all' : query.department;
  if (typeof department !== 'string' || !/^(all|global|[1-9]\d{0,9})$/.test(department)) throw notFound();
  const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
  return { department: department === 'all' || department === 'global' ? department : Number(department), q };
}
