import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { PortalAccountsService } from './portal-accounts.service';

/** Portal accounts of end users: sign-up, login, password reset, invitations. */
@Module({
  imports: [TicketsModule],
  providers: [PortalAccountsService],
  exports: [PortalAccountsService],
})
export class PortalAccountsModule {}
