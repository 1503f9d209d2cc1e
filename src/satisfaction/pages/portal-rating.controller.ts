import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { parseTicketNumber } from '../../portal/dto/id';
import { TicketViewService } from '../../tickets/ticket-view.service';
import { MAX_RATING_COMMENT_CHARS, SatisfactionService } from '../satisfaction.service';
import { RatingDto } from './rating.dto';

const layout = 'layouts/portal';

/**
 * Rating a resolved ticket: from the portal ticket page (the visitor's access to the ticket) and from
 * the link in the resolution mail (GET shows the form, POST records: nothing changes on GET).
 */
@Controller()
export class PortalRatingController {
  constructor(
    private readonly view: TicketViewService,
    private readonly satisfaction: SatisfactionService,
    private readonly config: AppConfig,
  ) {}

  @Post('tickets/:number/rating')
  async rateTicket(@Param('number') param: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const number = parseTicketNumber(param);
    const { ticket } = await this.view.forUser(req.session.portal, number);
    const action = `${this.config.basePath}/tickets/${encodeURIComponent(number)}/rating`;
    const form = parseForm(RatingDto, req.body);
    if (!form.ok) return this.renderForm(res, 422, { action, number, body: req.body, errors: form.errors });
    await this.satisfaction.rate(ticket.id, { rating: form.value.rating, comment: form.value.comment ?? '', source: 'portal' });
    req.flash?.('success', 'Thank you for rating our help!');
    res.redirect(303, `${this.config.basePath}/tickets/${encodeURIComponent(number)}`);
  }

  /** The mail link: the form for this resolution, or the rating already given (then a thank-you). */
  @Get('satisfaction/:token')
  async linkForm(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const { ticket, state } = await this.satisfaction.byToken(token);
    const action = `${this.config.basePath}/satisfaction/${encodeURIComponent(token)}`;
    if (state.kind === 'rated') {
      return res.render('satisfaction/rate', { title: 'Thank you', layout, number: ticket.number, subject: ticket.subject, rated: { good: state.rating.rating === 'good', comment: state.rating.comment } });
    }
    await this.renderForm(res, 200, { action, number: ticket.number, subject: ticket.subject, body: {}, errors: {} });
  }

  @Post('satisfaction/:token')
  async linkRate(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { ticket } = await this.satisfaction.byToken(token);
    const action = `${this.config.basePath}/satisfaction/${encodeURIComponent(token)}`;
    const form = parseForm(RatingDto, req.body);
    if (!form.ok) return this.renderForm(res, 422, { action, number: ticket.number, subject: ticket.subject, body: req.body, errors: form.errors });
    await this.satisfaction.rateByToken(token, { rating: form.value.rating, comment: form.value.comment ?? '' });
    req.flash?.('success', 'Thank you for rating our help!');
    res.redirect(303, action);
  }

  private async renderForm(res: Response, status: number, vm: { action: string; number: string; subject?: string; body: unknown; errors: FormErrors }): Promise<void> {
    const body = (vm.body && typeof vm.body === 'object' ? vm.body : {}) as Record<string, unknown>;
    const values = { rating: typeof body.rating === 'string' ? body.rating : '', comment: typeof body.comment === 'string' ? body.comment : '' };
    res.status(status).render('satisfaction/rate', {
      title: `Rate ticket #${vm.number}`, layout, action: vm.action, number: vm.number, subject: vm.subject ?? null, maxComment: MAX_RATING_COMMENT_CHARS,
      form: { values: { ...values, good: values.rating === 'good', bad: values.rating === 'bad' }, errors: vm.errors },
    });
  }
}
