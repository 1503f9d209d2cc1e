import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { sendAttachment } from '../common/send-file';
import { AgentScope } from '../tickets/ticket-access';
import { TicketViewService } from '../tickets/ticket-view.service';
import { IdParam } from './dto/id';

/** GET /scp/attachments/:id: a file on a ticket the agent may see (404 otherwise), always as a download. */
@Controller('scp/attachments')
@UseGuards(StaffGuard)
export class ScpAttachmentsController {
  constructor(private readonly view: TicketViewService) {}

  @Get(':id')
  async download(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Res() res: Response): Promise<void> {
    const file = await this.view.attachmentForAgent(scope, id);
    sendAttachment(res, file, this.view.openFile(file));
  }
}
