import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FiltersModule } from '../filters/filters.module';
import { SlaModule } from '../sla/sla.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ScpAttachmentsController } from './scp-attachments.controller';
import { ScpAuthController } from './scp-auth.controller';
import { ScpPages } from './scp-pages.service';
import { ScpQueuesController } from './scp-queues.controller';
import { ScpTicketActionsController } from './scp-ticket-actions.controller';
import { ScpTicketResponder } from './scp-ticket-responder';
import { ScpTicketController } from './scp-ticket.controller';
import { ScpTicketDueController } from './scp-ticket-due.controller';
import { ScpPresenter } from './scp.presenter';

/** The staff control panel at /scp: HTTP only (controllers, DTOs, presenter); the rules live in TicketsModule. */
@Module({
  imports: [AuthModule, TicketsModule, FiltersModule, SlaModule],
  controllers: [ScpAuthController, ScpQueuesController, ScpTicketController, ScpTicketActionsController, ScpAttachmentsController, ScpTicketDueController],
  providers: [ScpPresenter, ScpPages, ScpTicketResponder],
})
export class ScpModule {}
