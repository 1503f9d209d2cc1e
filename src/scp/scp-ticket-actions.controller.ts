import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import { submittedFieldValues } from '../forms/field-values';
import { CannedFilesService } from '../canned/canned-files.service';
import { TicketLocksService } from '../ticket-locks/ticket-locks.service';
import { TicketViewService } from '../tickets/ticket-view.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketActionsService } from '../tickets/ticket-actions.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { IdParam, optionalId } from './dto/id';
import { PriorityDto, SlaDto, StatusDto, TopicDto } from './dto/ticket-action.dto';
import { NoteDto, ReplyDto } from './dto/ticket-post.dto';
import { ScpPages } from './scp-pages.service';
import { ScpTicketResponder, seenEntryId } from './scp-ticket-responder';
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
    private readonly locks: TicketLocksService,
    private readonly view: TicketViewService,
    private readonly canned: CannedFilesService,
  ) {}

  @Post('reply')
  reply(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'reply', dto: ReplyDto, run: async (v) => {
      const cannedFiles = await this.cannedFiles(scope, id, v.cannedIds);
      await this.actions.reply(scope, id, {
        cannedFiles,
        message: v.message, statusId: optionalId(v.statusId), uploads: req.uploads ?? [], uploadError: req.uploadError,
        seenEntryId: optionalId(v.lastEntryId), appendSignature: v.appendSignature === '1',
      });
      await this.locks.release(id, scope.staffId);
      return 'Reply posted.';
    } });
  }

  @Post('note')
  note(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'note', dto: NoteDto, run: async (v) => {
      await this.actions.note(scope, id, {
        title: v.title ?? '', message: v.message, statusId: optionalId(v.statusId), uploads: req.uploads ?? [], uploadError: req.uploadError,
        seenEntryId: optionalId(v.lastEntryId),
      });
      await this.locks.release(id, scope.staffId);
      return 'Internal note added.';
    } });
  }

  @Post('status')
  status(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'status', dto: StatusDto, run: async (v) => {
      await this.actions.changeStatus(scope, id, Number(v.statusId), v.comment ?? '', optionalId(v.lastEntryId));
      return `Status changed to ${(await this.options.requireStatus(Number(v.statusId))).name}.`;
    } });
  }

  @Post('priority')
  priority(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'priority', dto: PriorityDto, run: async (v) => {
      await this.actions.setPriority(scope, id, Number(v.priorityId), optionalId(v.lastEntryId));
      return `Priority set to ${(await this.options.requirePriority(Number(v.priorityId))).name}.`;
    } });
  }

  @Post('topic')
  topic(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'topic', dto: TopicDto, run: async (v) => {
      await this.actions.setTopic(scope, id, Number(v.topicId), optionalId(v.lastEntryId));
      return 'Help topic updated.';
    } });
  }

  @Post('sla')
  sla(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response) {
    return this.respond.handle(scope, id, req, res, { form: 'sla', dto: SlaDto, run: async (v) => {
      await this.actions.setSlaPlan(scope, id, optionalId(v.slaPlanId), optionalId(v.lastEntryId));
      return 'SLA plan updated.';
    } });
  }

  /** The files of the canned responses inserted into a reply, as this ticket's department offers them. */
  private async cannedFiles(scope: AgentScope, ticketId: number, ids: string | undefined) {
    if (!ids) return [];
    const ticket = await this.view.visibleToAgent(scope, ticketId);
    return this.canned.forReply(ids.split(',').map(Number), ticket.departmentId);
  }

  /**
   * "Edit details": the answers to the topic's custom fields (`cf_<name>`). Bad answers re-render the
   * page (422) with the form open, the messages beside the fields and what was typed; a refusal goes back
   * to the ticket with the reason, like the other forms.
   */
  @Post('fields')
  async fields(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const typed = submittedFieldValues(req.body);
    const seen = seenEntryId((req.body ?? {}) as Record<string, unknown>);
    try {
      const changed = await this.actions.setFields(scope, id, typed, seen);
      req.flash?.('success', changed === 0 ? 'Nothing changed in the details.' : 'Details updated.');
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation_failed', 'invalid_transition', 'forbidden', 'stale_form'].includes(err.code)) throw err;
      if (err.code === 'stale_form') {
        const vm = await this.pages.ticket(scope, id, { openForm: 'fields', fields: { typed, errors: {} }, seenEntryId: seen });
        return res.status(409).render('scp/ticket', { ...vm, flash: [{ type: 'error', message: err.message }], layout: SCP_LAYOUT });
      }
      if (err.code === 'validation_failed') {
        const vm = await this.pages.ticket(scope, id, { openForm: 'fields', fields: { typed, errors: err.fields } });
        return res.status(422).render('scp/ticket', { ...vm, layout: SCP_LAYOUT });
      }
      req.flash?.('error', err.message);
    }
    res.redirect(303, this.presenter.ticketUrl(id));
  }
}
