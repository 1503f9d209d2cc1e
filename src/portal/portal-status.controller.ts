import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicFormGuard } from '../abuse/public-form-guard.service';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { FormErrors } from '../common/view-models';
import { isDomainError, validationErrors } from './dto/form-errors';
import { StatusCheckDto } from './dto/status-check.dto';
import { PortalEmailDto } from './dto/account.dto';
import { AccessLinkMailer } from '../portal-access/access-link-mailer.service';
import { grantTicketAccess, PortalPresenter, STATUS_NOT_FOUND } from './portal.presenter';

const layout = 'layouts/portal';
export const LINK_SENT = 'If we have tickets from that address, we have sent it links to them. Check your email.';

/** "Check Ticket Status": email + ticket number give this browser access to that ticket; sign out drops it. */
@Controller('status')
export class PortalStatusController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly presenter: PortalPresenter,
    private readonly guard: PublicFormGuard,
    private readonly linkMailer: AccessLinkMailer,
  ) {}

  @Get()
  async form(@Res() res: Response): Promise<void> {
    await this.render(res, 200, {});
  }

  /**
   * CASE: every failure shows the same notice and keeps only the typed email, so the page never tells
   * which half was wrong or whether a ticket exists. Attempts are rate-limited per address and email.
   */
  @Post()
  async check(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const typed = { email: req.body?.email };
    try {
      await this.guard.check('status-check', req.body, { ip: req.ip, email: req.body?.email });
    } catch (err) {
      return this.render(res, 422, typed, null, validationErrors(err, 'email'));
    }
    const form = parseForm(StatusCheckDto, req.body);
    if (!form.ok) return this.render(res, 422, typed, STATUS_NOT_FOUND, form.errors);
    try {
      const { ticket, userId, email } = await this.intake.checkStatus(form.value.email, form.value.number);
      await renewSession(req);
      req.session.portal = grantTicketAccess(req.session.portal, { email, userId, ticketId: ticket.id });
      res.redirect(303, this.presenter.ticketUrl(ticket.number));
    } catch (err) {
      if (!isDomainError(err, 'not_found')) throw err;
      await this.render(res, 404, typed, STATUS_NOT_FOUND);
    }
  }

  private async render(res: Response, status: number, typed: unknown, notice: string | null = null, errors: FormErrors = {}): Promise<void> {
    const [challenge, linkChallenge] = await Promise.all([this.guard.challenge(), this.guard.challenge()]);
    // The two forms' own errors: the link form's are named link*, so each shows under its own form.
    const linkErrors = { captcha: errors.linkCaptcha, website: errors.linkWebsite };
    res.status(status).render('portal/status', { ...this.presenter.status(typed, notice, errors), challenge, linkChallenge, linkErrors, layout });
  }

  /**
   * "Email me a link": mails access links to the address's recent tickets. CASE: the same answer
   * whether or not the address has tickets (rate-limited per address and email).
   */
  @Post('link')
  async emailLink(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const typed = { linkEmail: req.body?.email };
    try {
      await this.guard.check('access-link', req.body, { ip: req.ip, email: req.body?.email });
      const form = parseForm(PortalEmailDto, req.body);
      if (!form.ok) return await this.render(res, 422, typed, null, { linkEmail: form.errors.email });
      await this.linkMailer.mailLinks(form.value.email);
    } catch (err) {
      const errors = validationErrors(err, 'email');
      return this.render(res, 422, typed, null, { linkEmail: errors.email, linkCaptcha: errors.captcha, linkWebsite: errors.website });
    }
    req.flash?.('info', LINK_SENT);
    res.redirect(303, this.presenter.url('/status'));
  }

  @Post('signout')
  signOut(@Req() req: AppRequest, @Res() res: Response): void {
    delete req.session.portal;
    delete req.session.lastOpenedTicket;
    req.flash?.('success', 'You have signed out.');
    res.redirect(303, this.presenter.url('/'));
  }
}

/**
 * A new session id, keeping what the session held (CSRF token, a signed-in agent, earlier portal access):
 * proving ownership of a ticket is a login, and a login never keeps an id someone else may have planted
 * (SECURITY 11).
 */
export function renewSession(req: AppRequest): Promise<void> {
  const { cookie: _cookie, ...data } = req.session;
  return new Promise((resolve, reject) =>
    req.session.regenerate((err: unknown) => {
      if (err) return reject(err);
      Object.assign(req.session, data);
      resolve();
    }),
  );
}
