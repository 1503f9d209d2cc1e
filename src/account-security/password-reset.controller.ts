import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { PasswordResetDto, PasswordResetRequestDto } from './account-security.dto';
import { AccountSecurityPresenter, RESET_SENT_NOTICE } from './account-security.presenter';
import { PasswordResetService, ResetLinkGone } from './password-reset.service';

/**
 * "Forgot your password?" for agents: ask for a link (always the same answer), then choose a new
 * password from it. An unknown, used or expired link is a 410 page. These pages hold a secret in their
 * address, so they are never cached.
 */
@Controller('scp/password-reset')
export class PasswordResetController {
  constructor(
    private readonly resets: PasswordResetService,
    private readonly presenter: AccountSecurityPresenter,
  ) {}

  @Get()
  requestPage(@Res() res: Response): void {
    res.render('scp/password-reset/request', this.presenter.resetRequest());
  }

  @Post()
  async request(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(PasswordResetRequestDto, req.body);
    if (!form.ok) return res.status(422).render('scp/password-reset/request', this.presenter.resetRequest(req.body, form.errors));
    await this.resets.request(form.value.login, req.ip ?? 'unknown');
    req.flash?.('info', RESET_SENT_NOTICE);
    res.redirect(303, this.presenter.url('/scp/login'));
  }

  @Get(':token')
  async form(@Param('token') token: string, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      const link = await this.resets.open(token);
      res.render('scp/password-reset/new-password', this.presenter.resetPassword(token, link.username));
    } catch (err) {
      this.refuse(res, err);
    }
  }

  @Post(':token')
  async reset(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    let username = '';
    try {
      username = (await this.resets.open(token)).username;
      const form = parseForm(PasswordResetDto, req.body);
      if (!form.ok) return this.rerender(res, token, username, form.errors);
      await this.resets.complete(token, form.value, req.ip);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'validation_failed') return this.rerender(res, token, username, err.fields);
      return this.refuse(res, err);
    }
    req.flash?.('success', 'Your password has been reset. Log in with your new password.');
    res.redirect(303, this.presenter.url('/scp/login'));
  }

  private rerender(res: Response, token: string, username: string, errors: FormErrors): void {
    res.status(422).render('scp/password-reset/new-password', this.presenter.resetPassword(token, username, errors));
  }

  private refuse(res: Response, err: unknown): void {
    if (!(err instanceof ResetLinkGone)) throw err;
    res.status(410).render('scp/password-reset/expired', this.presenter.resetGone());
  }
}
