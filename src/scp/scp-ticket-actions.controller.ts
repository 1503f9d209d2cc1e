import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import { submittedFieldValues } from '../forms/field-values';
import { AgentScope } from '../tickets/ticket-access';
import { TicketActionsService } from '../tickets/ticket-actions.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { IdParam, optionalId } from './dto/id';
import { AssignDto, PriorityDto, SlaDto, StatusDto, TopicDto, TransferDto } from './dto/ticket-action.dto';
import { NoteDto, ReplyDto } from './dto/ticket-post.dto';
import { ScpPages } from './scp-pages.service';
import { ScpTicketResponder } from './scp-ticket-responder';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

/**
 * The ticket page's forms: each POST makes one TicketActionsService call, then 303 back to the ticket
 * (see ScpTicketResponder for bad input and refusals). The success message names the new value, looked
 * up by id once the change is made.
 */
@Controller('scp/tickets/:id')
@UseGuards(StaffGuard)
export class ScpTicketActionsController {
  constructor(
    private readonly actions: TicketActionsService,
    private readonly options: TicketOptionsService,
    private readonly respond: ScpTicketResponder,
    private readonly pages: ScpPages,
    private readonly presenter: ScpPresenter,
  ) {}

  @Post('reply')
  reply(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'reply', dto: ReplyDto, run: async (v) => {
      await this.actions.reply(scope, id, { message: v.message, statusId: optionalId(v.statusId), uploads: req.uploads ?? [], uploadError: req.uploadError });
      return 'Reply posted.';
    } });
  }

  @Post('note')
  note(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'note', dto: NoteDto, run: async (v) => {
      await this.actions.note(scope, id, {
        title: v.title ?? '', message: v.message, statusId: optionalId(v.statusId), uploads: req.uploads ?? [], uploadError: req.uploadError,
      });
      return 'Internal note added.';
    } });
  }

  @Post('status')
  status(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'status', dto: StatusDto, run: async (v) => {
      await this.actions.changeStatus(scope, id, Number(v.statusId), v.comment ?? '');
      return `Status changed to ${(await this.options.requireStatus(Number(v.statusId))).name}.`;
    } });
  }

  @Post('assign')
  assign(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'assign', dto: AssignDto, run: async (v) => {
      await this.actions.assign(scope, id, Number(v.staffId), v.comment ?? '');
      return `Assigned to ${(await this.options.requireAgent(Number(v.staffId))).name}.`;
    } });
  }

  @Post('transfer')
  transfer(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'transfer', dto: TransferDto, run: async (v) => {
      await this.actions.transfer(scope, id, Number(v.departmentId), v.comment ?? '');
      return `Transferred to ${(await this.options.requireDepartment(Number(v.departmentId))).name}.`;
    } });
  }

  @Post('priority')
  priority(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'priority', dto: PriorityDto, run: async (v) => {
      await this.actions.setPriority(scope, id, Number(v.priorityId));
      return `Priority set to ${(await this.options.requirePriority(Number(v.priorityId))).name}.`;
    } });
  }

  @Post('topic')
  topic(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'topic', dto: TopicDto, run: async (v) => {
      await this.actions.setTopic(scope, id, Number(v.topicId));
      return 'Help topic updated.';
    } });
  }

  @Post('sla')
  sla(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'sla', dto: SlaDto, run: async (v) => {
      await this.actions.setSlaPlan(scope, id, optionalId(v.slaPlanId));
      return 'SLA plan updated.';
    } });
  }

  /**
   * "Edit details": the answers to the topic's custom fields (`cf_<name>`). Bad answers re-render the
   * page (422) with the form open, the messages beside the fields and what was typed; a refusal goes back
   * to the ticket with the reason, like the other forms.
   */
  @Post('fields')
  async fields(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const typed = submittedFieldValues(req.body);
    try {
      const changed = await this.actions.setFields(scope, id, typed);
      req.flash?.('success', changed === 0 ? 'Nothing changed in the details.' : 'Details updated.');
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation_failed', 'invalid_transition', 'forbidden'].includes(err.code)) throw err;
      if (err.code === 'validation_failed') {
        const vm = await this.pages.ticket(scope, id, { openForm: 'fields', fields: { typed, errors: err.fields } });
        return res.status(422).render('scp/ticket', { ...vm, layout: SCP_LAYOUT });
      }
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(id));
  }
}
