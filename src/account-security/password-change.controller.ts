import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, PasswordChangeRoute, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { AgentScope } from '../tickets/ticket-access';
import { PasswordChangeDto } from './account-security.dto';
import { AccountSecurityPresenter } from './account-security.presenter';
import { PasswordChangeService } from './password-change.service';

/** The signed-in agent's password form, the one staff page an agent who must change it may use. */
@Controller('scp/profile/password')
@UseGuards(StaffGuard)
@PasswordChangeRoute()
export class PasswordChangeController {
  constructor(
    private readonly passwords: PasswordChangeService,
    private readonly presenter: AccountSecurityPresenter,
  ) {}

  @Get()
  page(@CurrentAgent() scope: AgentScope, @Res() res: Response): void {
    this.render(res, 200, scope);
  }

  @Post()
  async change(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(PasswordChangeDto, req.body);
    if (!form.ok) return this.render(res, 422, scope, form.errors);
    try {
      await this.passwords.change(scope, form.value, { ip: req.ip, sessionId: req.sessionID });
    } catch (err) {
      if (err instanceof DomainError && Object.keys(err.fields).length > 0) return this.render(res, err.status, scope, err.fields);
      throw err;
    }
    req.flash?.('success', 'Your password has been changed. Any other sessions of yours were signed out.');
    res.redirect(303, this.presenter.url('/scp/tickets'));
  }

  private render(res: Response, status: number, scope: AgentScope, errors: FormErrors = {}): void {
    res.status(status).render('scp/profile/password', this.presenter.passwordChange(scope.mustChangePassword ?? false, errors));
  }
}
