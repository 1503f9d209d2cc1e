import { Controller, Get, Query, Render, UseGuards } from '@nestjs/common';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AgentScope } from '../tickets/ticket-access';
import { parseQueueQuery } from './dto/queue-query';
import { ScpListPages } from './scp-list-pages.service';
import { SCP_LAYOUT } from './scp.presenter';

/**
 * GET /scp/tickets?queue=<key>|q<id>&sort=&dir=&before=|after=: one keyset page of a queue, with every
 * queue's count. Without `queue`, the agent's landing queue (their preference, else Open).
 */
@Controller('scp/tickets')
@UseGuards(StaffGuard)
export class ScpQueuesController {
  constructor(private readonly lists: ScpListPages) {}

  @Get()
  @Render('scp/queue')
  async list(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>) {
    const landing = query.queue === undefined || query.queue === '' ? await this.lists.landingQueue(scope) : 'open';
    return { ...(await this.lists.queue(scope, parseQueueQuery(query, landing))), layout: SCP_LAYOUT };
  }
}
