import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { TwoFactorLoginService } from './two-factor-login.service';
import { TwoFactorLoginDto } from './two-factor.dto';
import { SECOND_STEP_NOTICE, TwoFactorPresenter } from './two-factor.presenter';

/**
 * /scp/login/two-factor: the second login step for an agent with two-factor login, after a right
 * password (POST /scp/login leaves a pending step in the session and redirects here). A right code logs
 * the agent in with a new session id; a refusal re-renders the form with one generic message.
 */
@Controller('scp/login/two-factor')
export class ScpTwoFactorLoginController {
  constructor(
    private readonly gate: TwoFactorLoginGate,
    private readonly login: TwoFactorLoginService,
    private readonly presenter: TwoFactorPresenter,
  ) {}

  @Get()
  page(@Req() req: AppRequest, @Res() res: Response): void {
    const pending = this.gate.pending(req);
    if (pending.state !== 'waiting') return this.backToLogin(req, res, pending.state === 'expired');
    res.render('scp/login-two-factor', this.presenter.login(null));
  }

  @Post()
  async verify(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const pending = this.gate.pending(req);
    if (pending.state !== 'waiting') return this.backToLogin(req, res, pending.state === 'expired');
    const parsed = parseForm(TwoFactorLoginDto, req.body ?? {});
    if (!parsed.ok) return res.status(422).render('scp/login-two-factor', this.presenter.login(null, parsed.errors));
    const verified = await this.login.verify(pending.staffId, parsed.value, req.ip ?? 'unknown');
    if (!verified) return res.status(401).render('scp/login-two-factor', this.presenter.login(SECOND_STEP_NOTICE));
    await this.gate.complete(req, verified.agent, verified.secondFactor);
    res.redirect(303, pending.next ?? this.presenter.url('/scp/tickets'));
  }

  /** No pending step (or an expired one): the agent starts again from the password. */
  private backToLogin(req: AppRequest, res: Response, expired: boolean): void {
    if (expired) req.flash?.('info', 'The login took too long. Please log in again.');
    res.redirect(303, this.presenter.url('/scp/login'));
  }
}
