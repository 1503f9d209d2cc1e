import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PortalPresenter } from './portal.presenter';

/** The portal's front page: Open a New Ticket / Check Ticket Status. */
@Controller()
export class PortalHomeController {
  constructor(private readonly presenter: PortalPresenter) {}

  @Get()
  home(@Res() res: Response): void {
    res.render('portal/home', { ...this.presenter.home(), layout: 'layouts/portal' });
  }
}
