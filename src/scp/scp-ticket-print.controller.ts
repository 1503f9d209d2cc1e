import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AgentScope } from '../tickets/ticket-access';
import { TicketViewService } from '../tickets/ticket-view.service';
import { IdParam } from './dto/id';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

/**
 * GET /scp/tickets/:id/print[?notes=1]: the ticket and its thread for paper, with or without internal
 * notes and events. The same access check as the ticket page (SECURITY 2: print views are a classic
 * place for a missing one).
 */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketPrintController {
  constructor(
    private readonly view: TicketViewService,
    private readonly presenter: ScpPresenter,
  ) {}

  @Get('print')
  @Render('scp/ticket-print')
  async print(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Query('notes') notes: unknown) {
    const { ticket, thread } = await this.view.forAgent(scope, id);
    return { ...this.presenter.print(ticket, thread, notes === '1'), layout: SCP_LAYOUT };
  }
}
