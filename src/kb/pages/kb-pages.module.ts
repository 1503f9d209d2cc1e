import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { HelpTopicsModule } from '../../help-topics/help-topics.module';
import { TicketsModule } from '../../tickets/tickets.module';
import { KbModule } from '../kb.module';
import { KbPresenter } from './kb.presenter';
import { KbTicketPanel } from './kb-ticket-panel';
import { PortalKbController } from './portal-kb.controller';
import { ScpKbEditController } from './scp-kb-edit.controller';
import { ScpKbController } from './scp-kb.controller';

/** The knowledge base's pages: /kb on the portal, /scp/kb in the staff panel. HTTP only. */
@Module({
  imports: [AuthModule, KbModule, HelpTopicsModule, TicketsModule],
  // Order matters: /scp/kb/articles/new must be routed before /scp/kb/articles/:id.
  controllers: [PortalKbController, ScpKbEditController, ScpKbController],
  providers: [KbPresenter, KbTicketPanel],
  exports: [KbPresenter, KbTicketPanel],
})
export class KbPagesModule {}
