import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { TicketLocksService } from '../ticket-locks/ticket-locks.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketViewService } from '../tickets/ticket-view.service';
import { IdParam } from './dto/id';

/**
 * The reply form's heartbeat (public/js/ticket-page.js): POST /scp/tickets/:id/lock while the agent types
 * renews their lock as "replying"; POST .../lock/release gives it up. JSON, CSRF in the X-CSRF-Token
 * header; the same access check as the ticket page (404).
 */
@Controller('scp/tickets/:id/lock')
@UseGuards(StaffGuard)
export class ScpTicketLockController {
  constructor(
    private readonly view: TicketViewService,
    private readonly locks: TicketLocksService,
  ) {}

  @Post()
  @HttpCode(200)
  async heartbeat(@CurrentAgent() scope: AgentScope, @IdParam() id: number) {
    await this.view.visibleToAgent(scope, id);
    const outcome = await this.locks.acquire(id, scope.staffId, 'replying');
    if (outcome.held) return { held: true, holder: null };
    const { name, activity } = outcome.holder;
    return { held: false, holder: { name, activity, message: activity === 'replying' ? `${name} is replying` : `${name} has this ticket open` } };
  }

  @Post('release')
  @HttpCode(200)
  async release(@CurrentAgent() scope: AgentScope, @IdParam() id: number) {
    await this.view.visibleToAgent(scope, id);
    await this.locks.release(id, scope.staffId);
    return { held: false, holder: null };
  }
}
