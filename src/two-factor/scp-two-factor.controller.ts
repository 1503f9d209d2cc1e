import { Controller, Get, Header, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { AgentScope } from '../tickets/ticket-access';
import { TwoFactorCodeDto, TwoFactorDisableDto } from './two-factor.dto';
import { TwoFactorPresenter, TwoFactorPageState } from './two-factor.presenter';
import { TwoFactorActor, TwoFactorService } from './two-factor.service';

const NO_STORE = 'no-store';

/**
 * /scp/profile/two-factor: the signed-in agent sets up, confirms, regenerates recovery codes for and
 * turns off their own two-factor login. Recovery codes are rendered straight into the answer to the
 * POST, never carried to a redirected page: that would write them into the session table in plain.
 */
@Controller('scp/profile/two-factor')
@UseGuards(StaffGuard)
export class ScpTwoFactorController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly presenter: TwoFactorPresenter,
  ) {}

  /** While a set-up is pending this page shows the secret: never cached. */
  @Get()
  @Header('Cache-Control', NO_STORE)
  async page(@CurrentAgent() scope: AgentScope, @Res() res: Response): Promise<void> {
    res.render('scp/profile/two-factor', await this.presenter.page(await this.twoFactor.status(scope.staffId)));
  }

  @Post('setup')
  async setup(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.twoFactor.startSetup(actor(scope, req));
    res.redirect(303, this.presenter.pageUrl());
  }

  @Post('cancel')
  async cancel(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.twoFactor.cancelSetup(actor(scope, req));
    req.flash?.('info', 'Two-factor set-up cancelled.');
    res.redirect(303, this.presenter.pageUrl());
  }

  @Post('confirm')
  async confirm(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submit(scope, req, res, 'confirm', TwoFactorCodeDto, async (dto) => {
      const codes = await this.twoFactor.confirm(actor(scope, req), dto.code);
      res.setHeader('Cache-Control', NO_STORE);
      res.status(200).render('scp/profile/two-factor-codes', this.presenter.codes(codes, 'enabled'));
    });
  }

  @Post('recovery-codes')
  async regenerate(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submit(scope, req, res, 'regenerate', TwoFactorCodeDto, async (dto) => {
      const codes = await this.twoFactor.regenerateRecoveryCodes(actor(scope, req), dto.code);
      res.setHeader('Cache-Control', NO_STORE);
      res.status(200).render('scp/profile/two-factor-codes', this.presenter.codes(codes, 'regenerated'));
    });
  }

  @Post('disable')
  async disable(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.submit(scope, req, res, 'disable', TwoFactorDisableDto, async (dto) => {
      await this.twoFactor.disable(actor(scope, req), dto);
      req.flash?.('success', 'Two-factor login is off.');
      res.redirect(303, this.presenter.pageUrl());
    });
  }

  /** Parses the form and runs the one service call; bad input or a `validation_failed` re-renders the page with 422. */
  private async submit<T extends object>(
    scope: AgentScope, req: AppRequest, res: Response, form: TwoFactorPageState['form'], dto: new () => T, run: (value: T) => Promise<void>,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseForm(dto, body);
    if (!parsed.ok) return this.refuse(scope, res, { form, values: body, errors: parsed.errors });
    try {
      await run(parsed.value);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
      const errors: FormErrors = Object.keys(err.fields).length > 0 ? err.fields : { code: err.message };
      await this.refuse(scope, res, { form, values: body, errors });
    }
  }

  private async refuse(scope: AgentScope, res: Response, state: TwoFactorPageState): Promise<void> {
    res.setHeader('Cache-Control', NO_STORE);
    res.status(422).render('scp/profile/two-factor', await this.presenter.page(await this.twoFactor.status(scope.staffId), state));
  }
}

const actor = (scope: AgentScope, req: AppRequest): TwoFactorActor => ({ scope, ip: req.ip });
