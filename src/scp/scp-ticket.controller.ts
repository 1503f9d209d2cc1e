import { Controller, Get, Render, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AgentScope } from '../tickets/ticket-access';
import { IdParam } from './dto/id';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT } from './scp.presenter';

/** GET /scp/tickets/:id: the ticket with its whole thread and every action form (404 if not visible). */
@Controller('scp/tickets')
@UseGuards(StaffGuard)
export class ScpTicketController {
  constructor(private readonly pages: ScpPages) {}

  @Get(':id')
  @Render('scp/ticket')
  async show(@CurrentAgent() scope: AgentScope, @IdParam() id: number) {
    return { ...(await this.pages.ticket(scope, id)), layout: SCP_LAYOUT };
  }
}
