import { Controller, Get, Render, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { KbTicketPanel } from '../kb/pages/kb-ticket-panel';
import { SatisfactionPanels } from '../satisfaction/satisfaction-panels';
import { AgentScope } from '../tickets/ticket-access';
import { IdParam } from './dto/id';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT } from './scp.presenter';

/** GET /scp/tickets/:id: the ticket with its whole thread and every action form (404 if not visible). */
@Controller('scp/tickets')
@UseGuards(StaffGuard)
export class ScpTicketController {
  constructor(
    private readonly pages: ScpPages,
    private readonly kb: KbTicketPanel,
    private readonly satisfaction: SatisfactionPanels,
  ) {}

  @Get(':id')
  @Render('scp/ticket')
  async show(@CurrentAgent() scope: AgentScope, @IdParam() id: number) {
    const page = await this.pages.ticket(scope, id); // the access check comes first
    const [kbSuggestions, satisfaction] = await Promise.all([this.kb.forTicket(scope, id), this.satisfaction.forStaff(id)]);
    return { ...page, kbSuggestions, satisfaction, layout: SCP_LAYOUT };
  }
}
