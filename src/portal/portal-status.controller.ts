import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { isDomainError } from './dto/form-errors';
import { StatusCheckDto } from './dto/status-check.dto';
import { grantTicketAccess, PortalPresenter, STATUS_NOT_FOUND } from './portal.presenter';

const layout = 'layouts/portal';

/** "Check Ticket Status": email + ticket number give this browser access to that ticket; sign out drops it. */
@Controller('status')
export class PortalStatusController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly presenter: PortalPresenter,
  ) {}

  @Get()
  form(@Res() res: Response): void {
    res.render('portal/status', { ...this.presenter.status(), layout });
  }

  /**
   * CASE: every failure shows the same notice and keeps only the typed email, so the page never tells
   * which half was wrong or whether a ticket exists.
   */
  @Post()
  async check(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const typed = { email: req.body?.email };
    const form = parseForm(StatusCheckDto, req.body);
    if (!form.ok) return res.status(422).render('portal/status', { ...this.presenter.status(typed, STATUS_NOT_FOUND, form.errors), layout });
    try {
      const { ticket, userId } = await this.intake.checkStatus(form.value.email, form.value.number);
      await renewSession(req);
      req.session.portal = grantTicketAccess(req.session.portal, { email: ticket.user.email, userId, ticketId: ticket.id });
      res.redirect(303, this.presenter.ticketUrl(ticket.number));
    } catch (err) {
      if (!isDomainError(err, 'not_found')) throw err;
      res.status(404).render('portal/status', { ...this.presenter.status(typed, STATUS_NOT_FOUND), layout });
    }
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
