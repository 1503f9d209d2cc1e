import { Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service';
import { LocalLoginGuard } from '../auth/local-login.guard';
import { AppRequest } from '../common/request-context';
import { LOGIN_NOTICE, SCP_LAYOUT, ScpPresenter } from './scp.presenter';

/**
 * Staff log in and out. The login form goes through passport-local (LocalLoginGuard), which never
 * throws on a failure: it leaves req.user unset and this controller answers with the one generic notice.
 */
@Controller('scp')
export class ScpAuthController {
  constructor(
    private readonly presenter: ScpPresenter,
    private readonly audit: AuditService,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, this.presenter.url('/scp/tickets'));
  }

  @Get('login')
  @Render('scp/login')
  loginPage(@Query('next') next: unknown) {
    return { ...this.presenter.login({ username: '', next: this.presenter.safeNext(next) ?? '' }, null), layout: SCP_LAYOUT };
  }

  @Post('login')
  @UseGuards(LocalLoginGuard)
  login(@Req() req: AppRequest, @Res() res: Response): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = this.presenter.safeNext(body.next);
    const pending = req.session.pendingTwoFactor;
    if (pending) {
      // CASE: a right password for an agent with two-factor login: on to the code (src/two-factor/), keeping `next`.
      req.session.pendingTwoFactor = { ...pending, next: next ?? undefined };
      res.redirect(303, this.presenter.url('/scp/login/two-factor'));
      return;
    }
    if (req.user) {
      res.redirect(303, next ?? this.presenter.url('/scp/tickets'));
      return;
    }
    // CASE: one message for an unknown user, a wrong password, an inactive or a locked account; the
    // username is kept so a typo is easy to fix, the password never.
    const username = typeof body.username === 'string' ? body.username.slice(0, 191) : '';
    res.status(401).render('scp/login', { ...this.presenter.login({ username, next: next ?? '' }, LOGIN_NOTICE), layout: SCP_LAYOUT });
  }

  /** Ends the session entirely (a POST carrying the CSRF token: never log out on GET). */
  @Post('logout')
  async logout(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (req.user) await this.audit.record({ type: 'staff', id: req.user.id, name: req.user.name, ip: req.ip ?? null }, { action: 'auth.logged_out' });
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.redirect(303, this.presenter.url('/scp/login'));
  }
}
