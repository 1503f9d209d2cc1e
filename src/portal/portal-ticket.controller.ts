import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from '../attachments/attachments.service';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { TicketFieldsService } from '../forms/ticket-fields.service';
import { SettingsService } from '../settings/settings.service';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { SatisfactionPanels } from '../satisfaction/satisfaction-panels';
import { TicketViewService } from '../tickets/ticket-view.service';
import { isDomainError, uploadErrors, validationErrors } from './dto/form-errors';
import { parseTicketNumber } from './dto/id';
import { PortalReplyDto } from './dto/portal-reply.dto';
import { grantTicketAccess, PortalPresenter } from './portal.presenter';

/** A visitor's ticket page and their replies. Access comes from the session (status check or open). */
@Controller('tickets/:number')
export class PortalTicketController {
  constructor(
    private readonly view: TicketViewService,
    private readonly intake: TicketIntakeService,
    private readonly attachments: AttachmentsService,
    private readonly presenter: PortalPresenter,
    private readonly settings: SettingsService,
    private readonly ticketFields: TicketFieldsService,
    private readonly satisfaction: SatisfactionPanels,
  ) {}

  @Get()
  async show(@Param('number') number: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    await this.renderTicket(req, res, 200, parseTicketNumber(number));
  }

  /**
   * Posts the reply (which may reopen the ticket). A reply the ticket's status refuses comes back as an
   * error flash on the ticket page; an invalid one re-renders the page with the message kept.
   */
  @Post('reply')
  async reply(@Param('number') param: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const number = parseTicketNumber(param);
    const form = parseForm(PortalReplyDto, req.body);
    const typed = typeof req.body?.message === 'string' ? req.body.message : '';
    if (!form.ok) return this.renderTicket(req, res, 422, number, { message: typed, errors: { ...uploadErrors(req.uploadError), ...form.errors } });
    try {
      await this.intake.userReply(req.session.portal, number, { message: form.value.message, uploads: req.uploads ?? [], uploadError: req.uploadError });
      req.flash?.('success', 'Your reply was posted.');
    } catch (err) {
      if (!isDomainError(err, 'invalid_transition')) {
        return this.renderTicket(req, res, 422, number, { message: typed, errors: validationErrors(err, 'message') });
      }
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(number));
  }

  /** The owner closes the ticket (when the settings allow); a refusal comes back as an error flash. */
  @Post('close')
  async close(@Param('number') param: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const number = parseTicketNumber(param);
    try {
      await this.intake.userClose(req.session.portal, number);
      req.flash?.('success', 'Your ticket is closed. Reply to it if you need us again.');
    } catch (err) {
      if (!isDomainError(err, 'invalid_transition')) throw err;
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(number));
  }

  private async renderTicket(req: AppRequest, res: Response, status: number, number: string, reply?: { message: string; errors: FormErrors }): Promise<void> {
    const [{ ticket, thread }, limits, settings] = await Promise.all([
      this.view.forUser(req.session.portal, number), this.attachments.limits(), this.settings.get(),
    ]);
    // After the access check in forUser: the answers of a ticket the visitor may see, those shown to users.
    const answers = await this.ticketFields.forTicket(ticket, 'user');
    const access = req.session.portal!;
    const mergedInto = await this.view.mergedIntoForUser(access, ticket.id);
    if (mergedInto && mergedInto !== 'hidden' && !access.account && !access.ticketIds.includes(mergedInto.id)) {
      req.session.portal = grantTicketAccess(access, { email: access.email, userId: access.userId, ticketId: mergedInto.id });
    }
    const vm = this.presenter.ticket(ticket, thread, limits, reply, settings.reopenPolicy, answers, mergedInto);
    // Only the owner of an open ticket may close it, and only when the settings allow.
    const closeUrl = settings.usersMayCloseTickets && ticket.state === 'open' && req.session.portal?.userId === ticket.userId ? `${vm.ticket.replyUrl.replace(/\/reply$/, '')}/close` : null;
    const satisfaction = await this.satisfaction.forPortal(ticket);
    res.status(status).render('portal/ticket', { ...vm, closeUrl, satisfaction, layout: 'layouts/portal' });
  }
}
