import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { PortalAttachmentsController } from './portal-attachments.controller';
import { PortalHomeController } from './portal-home.controller';
import { PortalOpenTicketController } from './portal-open-ticket.controller';
import { PortalStatusController } from './portal-status.controller';
import { PortalTicketController } from './portal-ticket.controller';
import { PortalPresenter } from './portal.presenter';

/** The client portal at `/`: HTTP only; the rules live in TicketsModule. */
@Module({
  imports: [TicketsModule],
  // Order matters: /tickets/new and /tickets/thanks must be routed before /tickets/:number.
  controllers: [PortalHomeController, PortalOpenTicketController, PortalStatusController, PortalTicketController, PortalAttachmentsController],
  providers: [PortalPresenter],
})
export class PortalModule {}
