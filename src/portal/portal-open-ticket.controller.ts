import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PublicFormGuard } from '../abuse/public-form-guard.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { submittedFieldValues } from '../forms/field-values';
import { FormsService } from '../forms/forms.service';
import { DeflectionStep } from '../kb/deflection/deflection-step';
import { SettingsService } from '../settings/settings.service';
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
    private readonly settings: SettingsService,
    private readonly forms: FormsService,
    private readonly guard: PublicFormGuard,
    private readonly deflection: DeflectionStep,
  ) {}

  /**
   * The empty form, with the settings' default help topic chosen in advance (when it is one users may pick).
   * `?topicId=N` chooses topic N instead and shows its questions (the page's script fetches this when the
   * topic changes).
   */
  @Get('new')
  async form(@Query('topicId') topicId: unknown, @Res() res: Response): Promise<void> {
    const { defaultHelpTopicId } = await this.settings.get();
    const chosen = typeof topicId === 'string' ? topicId : defaultHelpTopicId === null ? '' : String(defaultHelpTopicId);
    await this.renderForm(res, 200, { topicId: chosen });
  }

  /**
   * Opens the ticket, lets this browser see it, and shows the thank-you page (POST, redirect, GET). The
   * "Show the topic's questions" button (intent=fields, for browsers without script) only re-renders the
   * form with the chosen topic's questions and what was typed. The honeypot, rate limits and question
   * (PublicFormGuard) come first.
   */
  @Post()
  async open(@Req() req: AppRequest, @Res() res: Response): Promise<void> {
    if (req.body?.intent === 'fields') return this.renderForm(res, 200, req.body);
    try {
      await this.guard.check('open-ticket', req.body, { ip: req.ip, email: req.body?.email });
    } catch (err) {
      return this.renderForm(res, 422, req.body, validationErrors(err, 'message'));
    }
    const form = parseForm(OpenTicketDto, req.body);
    if (!form.ok) return this.renderForm(res, 422, req.body, { ...uploadErrors(req.uploadError), ...form.errors });
    const dto = form.value;
    // Matching articles first ("Did one of these answer your question?"), unless the user already chose.
    if (await this.deflection.interrupt(req, res, dto)) return;
    try {
      const ticket = await this.intake.open({
        email: dto.email, name: dto.name, phone: dto.phone || null, topicId: Number(dto.topicId),
        subject: dto.subject, message: dto.message, source: 'web', uploads: req.uploads ?? [], uploadError: req.uploadError,
        fields: submittedFieldValues(req.body),
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
    const [topics, limits, challenge] = await Promise.all([this.options.listTopics('user'), this.attachments.limits(), this.guard.challenge()]);
    const values = this.presenter.openValues(body);
    // Only a topic users may pick shows its questions.
    const topic = topics.find((t) => String(t.id) === values.topicId);
    const questions = await this.forms.questionsForTopic(topic?.id ?? null, 'user');
    const vm = this.presenter.open(topics, limits, values, errors, questions, submittedFieldValues(body));
    res.status(status).render('portal/open', { ...vm, challenge, layout });
  }
}
