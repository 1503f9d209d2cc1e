import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { AttachmentsService } from '../attachments/attachments.service';
import { AutoAssignModule } from '../auto-assign/auto-assign.module';
import { Department } from '../departments/department.entity';
import { FormsModule } from '../forms/forms.module';
import { FiltersModule } from '../filters/filters.module';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { SlaPlan } from '../sla/sla-plan.entity';
import { SlaModule } from '../sla/sla.module';
import { Staff } from '../staff/staff.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { Team } from '../teams/team.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { PortalTicketAccess } from './portal-ticket-access';
import { PortalTicketListService } from './portal-ticket-list.service';
import { Priority } from './priority.entity';
import { TicketActionRunner } from './ticket-action-runner';
import { TicketActionsService } from './ticket-actions.service';
import { TicketAgentIntakeService } from './ticket-agent-intake.service';
import { TicketCollaborationService } from './ticket-collaboration.service';
import { TicketAssignmentService } from './ticket-assignment.service';
import { TicketIntakeService } from './ticket-intake.service';
import { TicketNumberAllocator } from './ticket-number.allocator';
import { TicketOptionsService } from './ticket-options.service';
import { TicketQueuesService } from './ticket-queues.service';
import { TicketBulkActionsService } from './ticket-queues-bulk.service';
import { TicketStatus } from './ticket-status.entity';
import { TicketViewService } from './ticket-view.service';
import { Ticket } from './ticket.entity';

/** Tickets, their threads and files: intake, agent actions, queues and reads. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket, TicketStatus, Priority, Department, HelpTopic, SlaPlan, Staff, Team, User, ThreadEntry, Attachment]), FormsModule, FiltersModule, SlaModule, AutoAssignModule],
  providers: [
    TicketIntakeService, TicketActionRunner, TicketActionsService, TicketAssignmentService, TicketQueuesService, TicketViewService, TicketOptionsService,
    TicketNumberAllocator, ThreadService, AttachmentsService, UsersService, TicketBulkActionsService, TicketCollaborationService, TicketAgentIntakeService,
    PortalTicketAccess, PortalTicketListService,
  ],
  // FormsModule too: the portal and the staff panel show and edit tickets' custom field answers.
  exports: [
    TicketIntakeService, TicketActionRunner, TicketActionsService, TicketAssignmentService, TicketCollaborationService, TicketAgentIntakeService, TicketQueuesService,
    TicketBulkActionsService, TicketViewService, TicketOptionsService, AttachmentsService, UsersService, PortalTicketAccess, PortalTicketListService,
    FormsModule,
  ],
})
export class TicketsModule {}
