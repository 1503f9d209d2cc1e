import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppRequest } from '../common/request-context';
import { AccessLinksService } from '../portal-access/access-links.service';
import { grantTicketAccess, PortalPresenter } from './portal.presenter';
import { renewSession } from './portal-status.controller';

/**
 * GET /tickets/access/:token: a signed link from our mail opens that one ticket for this session (the
 * ticket id goes into the session's grants, for the user the link was issued to). Unknown -> 404,
 * expired or revoked -> 410; a link never opens any other ticket.
 */
@Controller('tickets/access')
export class PortalAccessLinkController {
  constructor(
    private readonly links: AccessLinksService,
    private readonly presenter: PortalPresenter,
  ) {}

  @Get(':token')
  async open(@Param('token') token: string, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const link = await this.links.open(token);
    await renewSession(req);
    req.session.portal = grantTicketAccess(req.session.portal, { email: link.email, userId: link.userId, ticketId: link.ticketId });
    res.redirect(303, this.presenter.ticketUrl(link.ticketNumber));
  }
}
