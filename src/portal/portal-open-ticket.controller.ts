import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from '../attachments/attachments.service';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { TicketIntakeService } from '../tickets/ticket-intake.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { uploadErrors, validationErrors } from './dto/form-errors';
import { OpenTicketDto } from './dto/open-ticket.dto';
import { grantTicketAccess, PortalPresenter } from './portal.presenter';
import { renewSession } from './portal-status.controller';

const layout = 'layouts/portal';

/** "Open a New Ticket": the form, its submission, and the thank-you page. */
@Controller('tickets')
export class PortalOpenTicketController {
  constructor(
    private readonly intake: TicketIntakeService,
    private readonly options: TicketOptionsService,
    private readonly attachments: AttachmentsService,
    private readonly presenter: PortalPresenter,
  ) {}

  @Get('new')
  async form(@Res() res: Response): Promise<void> {
    await this.renderForm(res, 200);
  }

  /** Opens the ticket, lets this browser see it, and shows the thank-you page (POST, redirect, GET). */
  @Post()
  async open(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(OpenTicketDto, req.body);
    if (!form.ok) return this.renderForm(res, 422, req.body, { ...uploadErrors(req.uploadError), ...form.errors });
    const dto = form.value;
    try {
      const ticket = await this.intake.open({
        email: dto.email, name: dto.name, phone: dto.phone || null, topicId: Number(dto.topicId),
        subject: dto.subject, message: dto.message, source: 'web', uploads: req.uploads ?? [], uploadError: req.uploadError,
      });
      await renewSession(req);
      req.session.portal = grantTicketAccess(req.session.portal, { email: dto.email, userId: ticket.userId, ticketId: ticket.id });
      req.session.lastOpenedTicket = ticket.number;
      res.redirect(303, this.presenter.url('/tickets/thanks'));
    } catch (err) {
      await this.renderForm(res, 422, req.body, validationErrors(err, 'message'));
    }
  }

  /** The number of the ticket this browser just opened; without one there is nothing to thank for. */
  @Get('thanks')
  async thanks(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const number = req.session.lastOpenedTicket;
    if (!number) return res.redirect(303, this.presenter.url('/'));
    const ticket = await this.intake.findForPortal(req.session.portal, number);
    res.render('portal/thanks', { ...this.presenter.thanks(ticket), layout });
  }

  private async renderForm(res: Response, status: number, body: unknown = {}, errors: FormErrors = {}): Promise<void> {
    const topics = await this.options.listTopics('user');
    const vm = this.presenter.open(topics, this.attachments.limits, this.presenter.openValues(body), errors);
    res.status(status).render('portal/open', { ...vm, layout });
  }
}
