import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentsService } from '../attachments/attachments.service';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { FormErrors } from '../common/view-models';
import { submittedFieldValues, SubmittedValue } from '../forms/field-values';
import { FormsService } from '../forms/forms.service';
import { AgentScope } from '../tickets/ticket-access';
import { AgentSource, TicketAgentIntakeService } from '../tickets/ticket-agent-intake.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { User } from '../users/user.entity';
import { UserDirectoryService } from '../users/user-directory.service';
import { optionalId, parseId } from './dto/id';
import { NewTicketDto } from './dto/new-ticket.dto';
import { NewTicketValues, ScpNewTicketPresenter } from './scp-new-ticket.presenter';
import { ScpPresenter } from './scp.presenter';

const VIEW = 'scp/new-ticket';

/**
 * /scp/tickets/new: an agent opens a ticket on a user's behalf. Agents whose role allows opening tickets
 * in none of their departments get 403; the department list holds only those where it does. The chosen
 * help topic's custom fields (all of them, agents-only ones included) are asked and checked like the
 * portal's. Bad input re-renders the form (422) with what was typed (files must be chosen again);
 * success goes to the ticket.
 */
@Controller('scp/tickets/new')
@UseGuards(StaffGuard)
export class ScpNewTicketController {
  constructor(
    private readonly agentIntake: TicketAgentIntakeService,
    private readonly options: TicketOptionsService,
    private readonly attachments: AttachmentsService,
    private readonly directory: UserDirectoryService,
    private readonly forms: FormsService,
    private readonly presenter: ScpNewTicketPresenter,
    private readonly scp: ScpPresenter,
  ) {}

  /**
   * `?userId=N` (the user page's "New ticket for this user") starts with that user picked; `?topicId=N`
   * with topic N chosen and its questions shown (the page's script fetches this when the topic changes).
   */
  @Get()
  async form(@CurrentAgent() scope: AgentScope, @Query('userId') userId: unknown, @Query('topicId') topicId: unknown, @Res() res: Response): Promise<void> {
    const picked = userId === undefined || userId === '' ? null : await this.directory.require(parseId(userId, 'user'));
    await this.render(res, 200, scope, this.presenter.values(scope.primaryDepartmentId, picked, topicId), {}, picked);
  }

  /**
   * Opens the ticket. The "Show the topic's questions" button (intent=fields, for browsers without
   * script) only re-renders the form with the chosen topic's questions and what was typed.
   */
  @Post()
  async open(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = this.presenter.submitted(body);
    const typed = submittedFieldValues(body);
    if (body.intent === 'fields') return this.rerender(res, scope, values, {}, typed, 200);
    const parsed = parseForm(NewTicketDto, body);
    if (!parsed.ok) return this.rerender(res, scope, values, parsed.errors, typed);
    const v = parsed.value;
    try {
      const kind = v.responseKind === 'reply' || v.responseKind === 'note' ? v.responseKind : null;
      const { ticket, responseRefused } = await this.agentIntake.open(scope, {
        userId: optionalId(v.userId), email: v.email ?? '', name: v.name ?? '', phone: v.phone || null, source: v.source as AgentSource,
        topicId: Number(v.topicId), departmentId: Number(v.departmentId), priorityId: optionalId(v.priorityId),
        slaPlanId: v.slaPlanId === 'none' ? null : v.slaPlanId ? Number(v.slaPlanId) : undefined, staffId: optionalId(v.staffId),
        subject: v.subject, message: v.message, uploads: req.uploads ?? [], uploadError: req.uploadError, fields: typed,
        response: kind && v.response ? { kind, message: v.response } : null,
      });
      req.flash?.('success', `Ticket #${ticket.number} opened.`);
      if (responseRefused) req.flash?.('error', `The first ${kind} was not posted: ${responseRefused}`);
      res.redirect(303, this.scp.ticketUrl(ticket.id));
    } catch (err) {
      if (!(err instanceof DomainError) || !['validation_failed', 'payload_too_large', 'unsupported_media_type'].includes(err.code)) throw err;
      const errors = Object.keys(err.fields).length > 0 ? err.fields : { [err.code === 'validation_failed' ? 'form' : 'attachments']: err.message };
      await this.rerender(res, scope, values, errors, typed);
    }
  }

  private async rerender(res: Response, scope: AgentScope, values: NewTicketValues, errors: FormErrors, typed: Record<string, SubmittedValue>, status = 422): Promise<void> {
    // CASE: a picked user who has since been deleted is simply not picked any more.
    const pickedId = optionalId(/^\d{1,10}$/.test(values.userId) ? values.userId : '');
    const picked = pickedId ? await this.directory.require(pickedId).catch(() => null as User | null) : null;
    await this.render(res, status, scope, picked ? values : { ...values, userId: '' }, errors, picked, typed);
  }

  private async render(
    res: Response, status: number, scope: AgentScope, values: NewTicketValues, errors: FormErrors, picked: User | null, typed?: Record<string, SubmittedValue>,
  ): Promise<void> {
    const departments = await this.agentIntake.requireCreator(scope);
    const [topics, priorities, slaPlans, agents, limits] = await Promise.all([
      this.options.listTopics('agent'), this.options.listPriorities(), this.options.listSlaPlans(), this.options.listAgents(), this.attachments.limits(),
    ]);
    // Only a topic agents may pick shows its questions.
    const topic = topics.find((t) => String(t.id) === values.topicId);
    const questions = await this.forms.questionsForTopic(topic?.id ?? null, 'agent');
    res.status(status).render(VIEW, this.presenter.page({ departments, topics, priorities, slaPlans, agents, limits }, values, errors, picked, questions, typed));
  }
}
