import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AppRequest } from '../common/request-context';
import { SlaService } from '../sla/sla.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketActionsService } from '../tickets/ticket-actions.service';
import { IdParam, optionalId } from './dto/id';
import { TicketDueDto } from './dto/ticket-due.dto';
import { ScpTicketResponder } from './scp-ticket-responder';

/**
 * POST /scp/tickets/:id/due: the manual due date (edit permission). It wins over the SLA plan's resolution
 * due; the value is a wall time in the settings' time zone, '' clears it. Answered like the other ticket forms.
 */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketDueController {
  constructor(
    private readonly actions: TicketActionsService,
    private readonly sla: SlaService,
    private readonly respond: ScpTicketResponder,
  ) {}

  @Post('due')
  due(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'due', dto: TicketDueDto, run: async (v) => {
      const dueAt = await this.sla.parseLocalDue(v.dueAt);
      await this.actions.setDueDate(scope, id, dueAt, optionalId(v.lastEntryId));
      return dueAt ? 'Due date set.' : 'Due date cleared.';
    } });
  }
}
