import { Injectable } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { TicketCollaboratorsService } from '../filters/ticket-collaborators.service';
import { FormsService } from '../forms/forms.service';
import { TicketFieldsService } from '../forms/ticket-fields.service';
import { SlaTimelineService } from '../sla/sla-timeline.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { TicketQueuesService } from '../tickets/ticket-queues.service';
import { TicketViewService } from '../tickets/ticket-view.service';
import { QueueQuery } from './dto/queue-query';
import { ScpQueueVM, ScpTicketVM } from './scp.view-models';
import { ScpPresenter, TicketPageState } from './scp.presenter';

/**
 * Gathers what a staff page shows (the read services' answers) and hands it to the presenter, so each
 * controller makes one call per page. Reads only: access checks live in the services it calls.
 */
@Injectable()
export class ScpPages {
  constructor(
    private readonly queues: TicketQueuesService,
    private readonly view: TicketViewService,
    private readonly options: TicketOptionsService,
    private readonly attachments: AttachmentsService,
    private readonly forms: FormsService,
    private readonly ticketFields: TicketFieldsService,
    private readonly presenter: ScpPresenter,
    private readonly collaborators: TicketCollaboratorsService,
    private readonly sla: SlaTimelineService,
  ) {}

  async queue(scope: AgentScope, { key, before }: QueueQuery): Promise<ScpQueueVM> {
    const [page, counts] = await Promise.all([this.queues.page(scope, key, before), this.queues.counts(scope)]);
    return this.presenter.queue(key, before, page, counts);
  }

  /** The ticket page; 404 (from the view service) when the agent may not see the ticket. */
  async ticket(scope: AgentScope, ticketId: number, state?: TicketPageState): Promise<ScpTicketVM> {
    const { ticket, thread } = await this.view.forAgent(scope, ticketId);
    const [statuses, priorities, departments, topics, slaPlans, agents, counts, limits, answers, editable, collaborators, sla] = await Promise.all([
      this.options.listStatuses(), this.options.listPriorities(), this.options.listDepartments(),
      this.options.listTopics('agent'), this.options.listSlaPlans(), this.options.listAgents(), this.queues.counts(scope),
      this.attachments.limits(), this.ticketFields.forTicket(ticket, 'agent'), this.forms.fieldsForTopic(ticket.helpTopicId, 'agent'),
      this.collaborators.forTicket(ticket.id),
      this.sla.forTicket(ticket),
    ]);
    return this.presenter.ticket(
      { ticket, thread, options: { statuses, priorities, departments, topics, slaPlans, agents }, counts, limits, customFields: { answers, editable }, collaborators, sla },
      state,
    );
  }
}
