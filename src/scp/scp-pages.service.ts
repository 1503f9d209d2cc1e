import { Injectable } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { TicketCollaboratorsService } from '../filters/ticket-collaborators.service';
import { FormsService } from '../forms/forms.service';
import { TicketFieldsService } from '../forms/ticket-fields.service';
import { SlaTimelineService } from '../sla/sla-timeline.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { TicketViewService } from '../tickets/ticket-view.service';
import { ScpListPages } from './scp-list-pages.service';
import { ScpTicketVM } from './scp.view-models';
import { CannedResponsesService } from '../canned/canned.service';
import { StaffService } from '../staff/staff.service';
import { TicketLinksService } from '../ticket-links/ticket-links.service';
import { TicketLocksService } from '../ticket-locks/ticket-locks.service';
import { ScpPresenter, TicketPageState } from './scp.presenter';

/**
 * Gathers what a staff page shows (the read services' answers) and hands it to the presenter, so each
 * controller makes one call per page. Reads only: access checks live in the services it calls.
 */
@Injectable()
export class ScpPages {
  constructor(
    private readonly lists: ScpListPages,
    private readonly view: TicketViewService,
    private readonly options: TicketOptionsService,
    private readonly attachments: AttachmentsService,
    private readonly forms: FormsService,
    private readonly ticketFields: TicketFieldsService,
    private readonly presenter: ScpPresenter,
    private readonly collaborators: TicketCollaboratorsService,
    private readonly sla: SlaTimelineService,
    private readonly links: TicketLinksService,
    private readonly locks: TicketLocksService,
    private readonly canned: CannedResponsesService,
    private readonly staff: StaffService,
  ) {}

  /**
   * The ticket page; 404 (from the view service) when the agent may not see the ticket. Showing it takes
   * (or renews) the agent's lock on the ticket unless another agent holds one, which the page then names.
   */
  async ticket(scope: AgentScope, ticketId: number, state?: TicketPageState): Promise<ScpTicketVM> {
    const { ticket, thread } = await this.view.forAgent(scope, ticketId);
    const [statuses, priorities, departments, topics, slaPlans, agents, counts, limits, answers, editable, collaborators, sla] = await Promise.all([
      this.options.listStatuses(), this.options.listPriorities(), this.options.listDepartments(),
      this.options.listTopics('agent'), this.options.listSlaPlans(), this.options.listAgents(), this.lists.counts(scope),
      this.attachments.limits(), this.ticketFields.forTicket(ticket, 'agent'), this.forms.fieldsForTopic(ticket.helpTopicId, 'agent'),
      this.collaborators.forTicket(ticket.id),
      this.sla.forTicket(ticket),
    ]);
    const [teams, links, lock, canned, me] = await Promise.all([
      this.options.listTeams(), this.links.listFor(ticket.id), this.locks.acquire(ticket.id, scope.staffId, 'viewing'),
      this.canned.listForTicket(ticket.departmentId), this.staff.findActive(scope.staffId),
    ]);
    return this.presenter.ticket(
      {
        ticket, thread, options: { statuses, priorities, departments, topics, slaPlans, agents }, counts, limits, customFields: { answers, editable }, collaborators, sla,
        teams, links, lock: lock.held ? null : lock.holder, canned: canned.map((c) => ({ id: c.id, title: c.title })), hasSignature: !!me?.signature?.trim(),
      },
      state,
    );
  }
}
