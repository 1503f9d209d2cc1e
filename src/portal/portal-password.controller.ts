import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicFormGuard } from '../abuse/public-form-guard.service';
import { notFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { PortalAccountsService } from '../portal-accounts/portal-accounts.service';
import { PortalEmailDto, PortalNewPasswordDto } from './dto/account.dto';
import { validationErrors } from './dto/form-errors';
import { PortalAccountPresenter } from './portal-account.presenter';

const layout = 'layouts/portal';
export const RESET_REQUESTED = 'If that address has an account, we have sent it a link to choose a new password.';

/**
 * "Forgot your password?" and invitations: both end on a form behind a single-use link. These pages
 * hold a secret in their address, so they are never cached; a used or expired link is a 410.
 */
@Controller('account')
export class PortalPasswordController {
  constructor(
    private readonly accounts: PortalAccountsService,
    private readonly guard: PublicFormGuard,
    private readonly presenter: PortalAccountPresenter,
  ) {}

  @Get('password-reset')
  async requestForm(@Res() res: Response): Promise<void> {
    if (!(await this.accounts.accountsEnabled())) throw notFound();
    res.render('portal/account/reset-request', { ...this.presenter.resetRequest({}, {}, await this.guard.challenge()), layout });
  }

  /** Always the same answer, whether or not the address has an account. */
  @Post('password-reset')
  async request(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (!(await this.accounts.accountsEnabled())) throw notFound();
    let errors: FormErrors | null = null;
    try {
      await this.guard.check('password-reset', req.body, { ip: req.ip, email: req.body?.email });
      const form = parseForm(PortalEmailDto, req.body);
      if (form.ok) await this.accounts.requestReset(form.value.email);
      else errors = form.errors;
    } catch (err) {
      errors = validationErrors(err, 'email');
    }
    if (errors) {
      const vm = this.presenter.resetRequest(req.body, errors, await this.guard.challenge());
      return res.status(422).render('portal/account/reset-request', { ...vm, layout });
    }
    req.flash?.('info', RESET_REQUESTED);
    res.redirect(303, this.presenter.url('/account/login'));
  }

  @Get('password-reset/:token')
  resetForm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    return this.form('reset', token, res);
  }

  @Post('password-reset/:token')
  reset(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    return this.submit('reset', token, req, res);
  }

  @Get('invite/:token')
  inviteForm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    return this.form('invite', token, res);
  }

  @Post('invite/:token')
  accept(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    return this.submit('invite', token, req, res);
  }

  private async form(purpose: 'reset' | 'invite', token: string, res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const user = await this.accounts.checkLink(token, purpose);
    res.render('portal/account/new-password', { ...this.presenter.newPassword(purpose, token, user.email), layout });
  }

  /** A password the policy refuses re-renders the form (the link stays usable); a dead link is a 410. */
  private async submit(purpose: 'reset' | 'invite', token: string, req: AppRequest, res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const user = await this.accounts.checkLink(token, purpose);
    const form = parseForm(PortalNewPasswordDto, req.body);
    try {
      if (!form.ok) return res.status(422).render('portal/account/new-password', { ...this.presenter.newPassword(purpose, token, user.email, form.errors), layout });
      await this.accounts.setPassword(token, purpose, form.value);
    } catch (err) {
      const errors = validationErrors(err, 'password');
      return res.status(422).render('portal/account/new-password', { ...this.presenter.newPassword(purpose, token, user.email, errors), layout });
    }
    req.flash?.('success', purpose === 'reset' ? 'Your password has been changed. Sign in with it.' : 'Your account is ready. Sign in with your new password.');
    res.redirect(303, this.presenter.url('/account/login'));
  }
}
