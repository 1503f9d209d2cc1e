import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { Ticket } from '../tickets/ticket.entity';
import { TicketLink } from './ticket-links.entities';
import { TicketLinksService } from './ticket-links.service';

/**
 * Links between tickets (related, merged). Global: mail intake links a follow-up to the closed ticket it
 * answers, the staff panel lists and edits links, merges record their pointer here.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([TicketLink, Ticket, ThreadEntry, Attachment])],
  providers: [TicketLinksService, ThreadService],
  exports: [TicketLinksService],
})
export class TicketLinksModule {}
