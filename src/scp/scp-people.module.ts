import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TicketsModule } from '../tickets/tickets.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { ScpOrganizationsController } from './scp-organizations.controller';
import { ScpOrganizationsPresenter } from './scp-organizations.presenter';
import { ScpModule } from './scp.module';
import { ScpNewTicketController } from './scp-new-ticket.controller';
import { ScpNewTicketPresenter } from './scp-new-ticket.presenter';
import { ScpTicketCollaboratorsController } from './scp-ticket-collaborators.controller';
import { ScpUsersController } from './scp-users.controller';
import { ScpUsersPresenter } from './scp-users.presenter';

/** The staff panel's people pages: the user directory, organizations, new tickets on a user's behalf and collaborators. */
@Module({
  imports: [AuthModule, ScpModule, TicketsModule, OrganizationsModule, UsersModule],
  controllers: [ScpNewTicketController, ScpOrganizationsController, ScpUsersController, ScpTicketCollaboratorsController],
  providers: [ScpNewTicketPresenter, ScpOrganizationsPresenter, ScpUsersPresenter],
})
export class ScpPeopleModule {}
