import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { PortalAccountsModule } from '../portal-accounts/portal-accounts.module';
import { KbDeflectionModule } from '../kb/deflection/kb-deflection.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ScpPortalInvitationsController } from './invitations/scp-portal-invitations.controller';
import { AccessLinkMailer } from '../portal-access/access-link-mailer.service';
import { PortalAccessLinkController } from './portal-access-link.controller';
import { PortalAccountController } from './portal-account.controller';
import { PortalMyTicketsController } from './portal-my-tickets.controller';
import { PortalAccountPresenter } from './portal-account.presenter';
import { PortalAttachmentsController } from './portal-attachments.controller';
import { PortalHomeController } from './portal-home.controller';
import { PortalOpenTicketController } from './portal-open-ticket.controller';
import { PortalPasswordController } from './portal-password.controller';
import { PortalStatusController } from './portal-status.controller';
import { PortalTicketController } from './portal-ticket.controller';
import { PortalPresenter } from './portal.presenter';

/** The client portal at `/`: HTTP only; the rules live in TicketsModule and PortalAccountsModule. */
@Module({
  imports: [TicketsModule, PortalAccountsModule, AuthModule, KbDeflectionModule, SatisfactionModule],
  // Order matters: /tickets/new and /tickets/thanks must be routed before /tickets/:number.
  controllers: [
    PortalHomeController, PortalOpenTicketController, PortalAccessLinkController, PortalStatusController, PortalTicketController, PortalAttachmentsController,
    PortalMyTicketsController,
    PortalAccountController, PortalPasswordController, ScpPortalInvitationsController,
  ],
  providers: [PortalPresenter, PortalAccountPresenter, AccessLinkMailer],
})
export class PortalModule {}
