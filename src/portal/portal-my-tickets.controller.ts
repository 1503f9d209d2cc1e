import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppRequest } from '../common/request-context';
import { MyTicketsStatus, PortalTicketListService } from '../tickets/portal-ticket-list.service';
import { parseId } from './dto/id';
import { PortalPresenter } from './portal.presenter';

const STATUSES: MyTicketsStatus[] = ['open', 'closed', 'all'];

/** GET /my-tickets: a signed-in user's tickets (own, collaborated, shared by the organization), filtered and paged. */
@Controller('my-tickets')
export class PortalMyTicketsController {
  constructor(
    private readonly list: PortalTicketListService,
    private readonly presenter: PortalPresenter,
  ) {}

  @Get()
  async index(@Query('status') status: unknown, @Query('q') q: unknown, @Query('before') before: unknown, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const access = req.session.portal;
    if (!access?.account) return res.redirect(303, this.presenter.url('/account/login'));
    const query = {
      status: STATUSES.find((s) => s === status) ?? 'open',
      search: typeof q === 'string' ? q.trim().slice(0, 100) : '',
      before: typeof before === 'string' && before !== '' ? parseId(before) : null,
    };
    const page = await this.list.list(access.userId, query);
    res.render('portal/my-tickets', { ...this.presenter.myTickets(page, query, access.userId), layout: 'layouts/portal' });
  }
}
