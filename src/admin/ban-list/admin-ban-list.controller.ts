import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { BanListService } from '../../abuse/ban-list.service';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { IdParam, parseId } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminBanListPresenter, typedBanValues } from './admin-ban-list.presenter';
import { BanEntryDto } from './ban-entry.dto';

const VIEW = 'admin/ban-list/index';

/** /scp/admin/ban-list: banned email addresses and domains; add and remove (audited). */
@Controller('scp/admin/ban-list')
@UseGuards(AdminGuard)
export class AdminBanListController {
  constructor(
    private readonly bans: BanListService,
    private readonly presenter: AdminBanListPresenter,
  ) {}

  @Get()
  async index(@Query('q') q: unknown, @Query('before') before: unknown, @Res() res: Response): Promise<void> {
    const search = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const cursor = typeof before === 'string' && before !== '' ? parseId(before) : null;
    res.render(VIEW, this.presenter.page(await this.bans.list(search, cursor), search));
  }

  @Post()
  async add(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const form = parseForm(BanEntryDto, req.body);
    try {
      if (!form.ok) throw new DomainError('validation_failed', 'Please check the form.', form.errors);
      const row = await this.bans.add(staffActor(scope, req.ip), form.value);
      req.flash?.('success', `${row.value} is now on the ban list.`);
      res.redirect(303, this.presenter.url());
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'validation_failed')) throw err;
      res.status(422).render(VIEW, this.presenter.page(await this.bans.list('', null), '', typedBanValues(req.body), err.fields));
    }
  }

  @Post(':id/remove')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const row = await this.bans.remove(staffActor(scope, req.ip), id);
    req.flash?.('success', `${row.value} was removed from the ban list.`);
    res.redirect(303, this.presenter.url());
  }
}
