import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { staffActor } from '../../audit/audit.service';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { InboundMailRecordsService } from '../../inbound-mail/inbound-mail-records.service';
import { IdParam, parseId } from '../../scp/dto/id';
import { AgentScope } from '../../tickets/ticket-access';
import { AdminGuard } from '../admin.guard';
import { AdminEmailQuarantinePresenter } from './admin-email-quarantine.presenter';

const OUTCOMES: Record<string, string> = {
  created: 'opened ticket #', appended: 'was added to ticket #', bounce_recorded: 'was noted as a bounce on ticket #', duplicate: 'was already processed',
  ignored: 'was ignored', quarantined: 'is still quarantined',
};

/**
 * /scp/admin/email-quarantine: inbound mail that broke a limit or could not be processed. Admins read
 * the reason, open or download the original, run it again or discard it (both audited).
 */
@Controller('scp/admin/email-quarantine')
@UseGuards(AdminGuard)
export class AdminEmailQuarantineController {
  constructor(
    private readonly records: InboundMailRecordsService,
    private readonly presenter: AdminEmailQuarantinePresenter,
  ) {}

  @Get()
  async index(@Query('before') before: unknown, @Res() res: Response): Promise<void> {
    const cursor = typeof before === 'string' && before !== '' ? parseId(before) : null;
    res.render('admin/email-quarantine/index', this.presenter.page(await this.records.quarantine(cursor), cursor === null));
  }

  @Post(':id/reprocess')
  async reprocess(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const result = await this.records.reprocess(staffActor(scope, req.ip), id);
    const outcome = `${OUTCOMES[result.status] ?? result.status}${result.ticketNumber && OUTCOMES[result.status]?.endsWith('#') ? result.ticketNumber : ''}`;
    req.flash?.(result.status === 'quarantined' ? 'error' : 'success', `The mail ${outcome}${result.status === 'quarantined' && result.reason ? `: ${result.reason}` : '.'}`);
    res.redirect(303, this.presenter.url());
  }

  @Post(':id/discard')
  async discard(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const record = await this.records.discard(staffActor(scope, req.ip), id);
    req.flash?.('success', `The mail from ${record.fromAddress ?? 'an unknown sender'} was discarded.`);
    res.redirect(303, this.presenter.url());
  }
}
