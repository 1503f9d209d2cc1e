import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { AppRequest } from '../common/request-context';
import { AgentScope } from '../tickets/ticket-access';
import { TicketActionsService } from '../tickets/ticket-actions.service';
import { TicketAssignmentService } from '../tickets/ticket-assignment.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { IdParam, optionalId } from './dto/id';
import { AssignDto, ReleaseDto, TeamDto, TransferDto } from './dto/ticket-action.dto';
import { ScpTicketResponder } from './scp-ticket-responder';

const RELEASED = { agent: 'Released the agent.', team: 'Released the team.', both: 'Released the assignment.' };

/** Who works the ticket: assign to an agent or a team, release, transfer. Answered like every ticket form. */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketAssignmentController {
  constructor(
    private readonly actions: TicketActionsService,
    private readonly assignment: TicketAssignmentService,
    private readonly options: TicketOptionsService,
    private readonly respond: ScpTicketResponder,
  ) {}

  @Post('assign')
  assign(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'assign', dto: AssignDto, run: async (v) => {
      await this.actions.assign(scope, id, Number(v.staffId), v.comment ?? '', optionalId(v.lastEntryId));
      return `Assigned to ${(await this.options.requireAgent(Number(v.staffId))).name}.`;
    } });
  }

  @Post('team')
  team(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'team', dto: TeamDto, run: async (v) => {
      await this.assignment.assignTeam(scope, id, Number(v.teamId), v.comment ?? '', optionalId(v.lastEntryId));
      return `Assigned to team ${(await this.options.requireTeam(Number(v.teamId))).name}.`;
    } });
  }

  @Post('release')
  release(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'release', dto: ReleaseDto, run: async (v) => {
      await this.assignment.release(scope, id, v.target, v.comment ?? '', optionalId(v.lastEntryId));
      return RELEASED[v.target];
    } });
  }

  @Post('transfer')
  transfer(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'transfer', dto: TransferDto, run: async (v) => {
      await this.actions.transfer(scope, id, Number(v.departmentId), v.comment ?? '', optionalId(v.lastEntryId));
      return `Transferred to ${(await this.options.requireDepartment(Number(v.departmentId))).name}.`;
    } });
  }
}
