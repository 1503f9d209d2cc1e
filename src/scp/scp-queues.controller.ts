import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AgentScope } from '../tickets/ticket-access';
import { parseQueueQuery } from './dto/queue-query';
import { ScpPages } from './scp-pages.service';
import { SCP_LAYOUT } from './scp.presenter';

/** GET /scp/tickets?queue=open|mine|closed&before=<id>: one keyset page of a queue, with every queue's count. */
@Controller('scp/tickets')
@UseGuards(StaffGuard)
export class ScpQueuesController {
  constructor(private readonly pages: ScpPages) {}

  @Get()
  @Render('scp/queue')
  async list(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>) {
    return { ...(await this.pages.queue(scope, parseQueueQuery(query))), layout: SCP_LAYOUT };
  }
}
