import { Controller, Get, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AdminGuard } from '../admin/admin.guard';
import { staffActor } from '../audit/audit.service';
import { CurrentAgent } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import type { FormErrors } from '../common/view-models';
import { AgentScope } from '../tickets/ticket-access';
import { AutoAssignAdminService } from './auto-assign-admin.service';
import { parseAutoAssignForm } from './auto-assign-form';
import { AutoAssignPresenter } from './auto-assign.presenter';

const VIEW = 'admin/auto-assign/index';

/** /scp/admin/auto-assign: each department's and team's mode and each agent's working schedule, in one form. */
@Controller('scp/admin/auto-assign')
@UseGuards(AdminGuard)
export class AdminAutoAssignController {
  constructor(
    private readonly admin: AutoAssignAdminService,
    private readonly presenter: AutoAssignPresenter,
  ) {}

  @Get()
  @Render(VIEW)
  async show() {
    return this.presenter.page(await this.admin.overview());
  }

  @Post()
  async save(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    const parsed = parseAutoAssignForm(body);
    let errors: FormErrors = parsed.ok ? {} : parsed.errors;
    if (parsed.ok) {
      try {
        const changed = await this.admin.save(staffActor(scope, req.ip), parsed.value);
        req.flash?.('success', changed === 0 ? 'Nothing to change: auto-assignment was already set this way.' : 'Auto-assignment saved.');
        return res.redirect(303, this.presenter.url());
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        errors = err.fields;
      }
    }
    res.status(422).render(VIEW, this.presenter.page(await this.admin.overview(), body, errors));
  }
}
