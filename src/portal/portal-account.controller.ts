import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicFormGuard } from '../abuse/public-form-guard.service';
import { RateLimitService } from '../abuse/rate-limit.service';
import { notFound } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { PortalAccountsService } from '../portal-accounts/portal-accounts.service';
import { PortalLoginDto, PortalSignUpDto } from './dto/account.dto';
import { validationErrors } from './dto/form-errors';
import { PortalAccountPresenter } from './portal-account.presenter';
import { renewSession } from './portal-status.controller';

const layout = 'layouts/portal';

/**
 * Sign in and sign up on the portal (signing out is POST /status/signout, for guests and accounts
 * alike). Pages of a mode the settings do not allow are 404s. A portal login lives in `session.portal`
 * only: it never makes the browser an agent, and an agent's login never makes it a portal user.
 */
@Controller('account')
export class PortalAccountController {
  constructor(
    private readonly accounts: PortalAccountsService,
    private readonly guard: PublicFormGuard,
    private readonly limits: RateLimitService,
    private readonly presenter: PortalAccountPresenter,
  ) {}

  @Get('login')
  async loginForm(@Res() res: Response): Promise<void> {
    await this.renderLogin(res, 200, {});
  }

  /** Rate-limited per address and email; one generic refusal for a wrong email, password or unconfirmed account. */
  @Post('login')
  async login(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (!(await this.accounts.accountsEnabled())) throw notFound();
    try {
      await this.guard.check('login', req.body, { ip: req.ip, email: req.body?.email });
      const form = parseForm(PortalLoginDto, req.body);
      if (!form.ok) return await this.renderLogin(res, 422, req.body, form.errors);
      const user = await this.accounts.login(form.value.email, form.value.password);
      await this.limits.clearEmail('login', user.email);
      await renewSession(req);
      req.session.portal = { email: user.email, userId: user.id, ticketIds: [], account: true };
      req.flash?.('success', `Welcome, ${user.name}.`);
      res.redirect(303, this.presenter.url('/my-tickets'));
    } catch (err) {
      await this.renderLogin(res, 422, req.body, validationErrors(err, 'password'));
    }
  }

  @Get('register')
  async registerForm(@Res() res: Response): Promise<void> {
    if (!(await this.accounts.signUpOpen())) throw notFound();
    res.render('portal/account/register', { ...this.presenter.register({}, {}, await this.guard.challenge()), layout });
  }

  /** The same answer whether or not the address already has an account (the mail differs, not the page). */
  @Post('register')
  async register(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (!(await this.accounts.signUpOpen())) throw notFound();
    try {
      await this.guard.check('sign-up', req.body, { ip: req.ip, email: req.body?.email });
      const form = parseForm(PortalSignUpDto, req.body);
      if (!form.ok) return await this.renderRegister(res, form.errors, req.body);
      await this.accounts.signUp(form.value);
      res.redirect(303, this.presenter.url('/account/registered'));
    } catch (err) {
      await this.renderRegister(res, validationErrors(err, 'email'), req.body);
    }
  }

  @Get('registered')
  registered(@Res() res: Response): void {
    res.render('portal/account/registered', { ...this.presenter.registered(), layout });
  }

  /** The link in the confirmation mail opens a page with a button: a GET never changes anything. */
  @Get('verify/:token')
  async verifyPage(@Param('token') token: string, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const user = await this.accounts.checkLink(token, 'verify');
    res.render('portal/account/verify', { ...this.presenter.verify(token, user.email), layout });
  }

  @Post('verify/:token')
  async verify(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.accounts.verify(token);
    req.flash?.('success', 'Your email address is confirmed. You can sign in now.');
    res.redirect(303, this.presenter.url('/account/login'));
  }

  private async renderLogin(res: Response, status: number, body: unknown, errors: FormErrors = {}): Promise<void> {
    if (!(await this.accounts.accountsEnabled())) throw notFound();
    const vm = this.presenter.login(body, errors, await this.guard.challenge(), await this.accounts.signUpOpen());
    res.status(status).render('portal/account/login', { ...vm, layout });
  }

  private async renderRegister(res: Response, errors: FormErrors, body: unknown): Promise<void> {
    res.status(422).render('portal/account/register', { ...this.presenter.register(body, errors, await this.guard.challenge()), layout });
  }
}
