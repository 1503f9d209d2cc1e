import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { KbPagesModule } from '../kb/pages/kb-pages.module';
import { SatisfactionModule } from '../satisfaction/satisfaction.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { SearchModule } from '../search/search.module';
import { FiltersModule } from '../filters/filters.module';
import { SlaModule } from '../sla/sla.module';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundMailModule } from '../inbound-mail/inbound-mail.module';
import { ScpAttachmentsController } from './scp-attachments.controller';
import { ScpInboundMailController } from './scp-inbound-mail.controller';
import { ScpAuthController } from './scp-auth.controller';
import { ScpBulkController } from './scp-bulk.controller';
import { ScpExportController } from './scp-export.controller';
import { ScpListPages } from './scp-list-pages.service';
import { ScpPreferencesController } from './scp-preferences.controller';
import { ScpSearchController } from './scp-search.controller';
import { ScpSearchPages } from './scp-search-pages.service';
import { ScpPages } from './scp-pages.service';
import { ScpQueuesController } from './scp-queues.controller';
import { ScpTicketActionsController } from './scp-ticket-actions.controller';
import { ScpTicketResponder } from './scp-ticket-responder';
import { ScpTicketController } from './scp-ticket.controller';
import { ScpTicketDueController } from './scp-ticket-due.controller';
import { ScpPresenter } from './scp.presenter';
import { CannedModule } from '../canned/canned.module';
import { TicketMergeModule } from '../ticket-links/ticket-merge.module';
import { TicketLocksModule } from '../ticket-locks/ticket-locks.module';
import { ScpTicketAssignmentController } from './scp-ticket-assignment.controller';
import { ScpTicketCannedController } from './scp-ticket-canned.controller';
import { ScpTicketLinksController } from './scp-ticket-links.controller';
import { ScpTicketLockController } from './scp-ticket-lock.controller';
import { ScpTicketPrintController } from './scp-ticket-print.controller';

/** The staff control panel at /scp: HTTP only (controllers, DTOs, presenter); the rules live in TicketsModule. */
@Module({
  imports: [AuthModule, TicketsModule, InboundMailModule, FiltersModule, SlaModule, SearchModule, PreferencesModule, TicketMergeModule, TicketLocksModule, CannedModule, KbPagesModule, SatisfactionModule],
  controllers: [ScpAuthController, ScpQueuesController, ScpTicketController, ScpTicketActionsController, ScpAttachmentsController, ScpTicketDueController,
    ScpSearchController, ScpBulkController, ScpExportController, ScpPreferencesController,
    ScpInboundMailController,
    ScpTicketAssignmentController, ScpTicketLinksController, ScpTicketLockController, ScpTicketCannedController, ScpTicketPrintController,
  ],
  providers: [ScpPresenter, ScpPages, ScpTicketResponder, ScpListPages, ScpSearchPages],
  // The people pages (ScpPeopleModule) render the ticket page too: the collaborators box, new tickets.
  exports: [ScpPresenter, ScpPages],
})
export class ScpModule {}
