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
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Priority } from './priority.entity';
import { TicketActionsService } from './ticket-actions.service';
import { TicketIntakeService } from './ticket-intake.service';
import { TicketNumberAllocator } from './ticket-number.allocator';
import { TicketOptionsService } from './ticket-options.service';
import { TicketQueuesService } from './ticket-queues.service';
import { TicketStatus } from './ticket-status.entity';
import { TicketViewService } from './ticket-view.service';
import { Ticket } from './ticket.entity';

/** Tickets, their threads and files: intake, agent actions, queues and reads. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket, TicketStatus, Priority, Department, HelpTopic, SlaPlan, Staff, User, ThreadEntry, Attachment]), FormsModule, FiltersModule, SlaModule, AutoAssignModule],
  providers: [
    TicketIntakeService, TicketActionsService, TicketQueuesService, TicketViewService, TicketOptionsService,
    TicketNumberAllocator, ThreadService, AttachmentsService, UsersService,
  ],
  // FormsModule too: the portal and the staff panel show and edit tickets' custom field answers.
  exports: [TicketIntakeService, TicketActionsService, TicketQueuesService, TicketViewService, TicketOptionsService, AttachmentsService, UsersService, FormsModule],
})
export class TicketsModule {}
