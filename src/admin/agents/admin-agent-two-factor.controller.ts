import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent } from '../../auth/staff.guard';
import { AppRequest } from '../../common/request-context';
import { IdParam } from '../../scp/dto/id';
import { AgentDirectoryService } from '../../staff/agent-directory.service';
import { AgentScope } from '../../tickets/ticket-access';
import { TwoFactorService } from '../../two-factor/two-factor.service';
import { AdminGuard } from '../admin.guard';
import { AgentsPresenter } from './agents.presenter';

/**
 * POST /scp/admin/agents/:id/two-factor/disable: an admin turns off an agent's two-factor login (a lost
 * phone, no recovery codes left). TwoFactorService checks and audits it; back to the agent with a flash.
 */
@Controller('scp/admin/agents/:id/two-factor')
@UseGuards(AdminGuard)
export class AdminAgentTwoFactorController {
  constructor(
    private readonly directory: AgentDirectoryService,
    private readonly twoFactor: TwoFactorService,
    private readonly presenter: AgentsPresenter,
  ) {}

  @Post('disable')
  async disable(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const { agent } = await this.directory.details(id);
    const turnedOff = await this.twoFactor.disableFor({ scope, ip: req.ip }, id);
    const message = turnedOff ? `Two-factor login turned off for ${agent.name}.` : `Two-factor login was already off for ${agent.name}.`;
    req.flash?.(turnedOff ? 'success' : 'info', message);
    res.redirect(303, this.presenter.agentUrl(id));
  }
}
