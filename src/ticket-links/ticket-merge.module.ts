import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketsModule } from '../tickets/tickets.module';
import { TicketMergeService } from './ticket-merge.service';

/** The agent's merge, link and unlink actions (TicketLinksService, global, keeps the rows). */
@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntry, Attachment]), TicketsModule],
  providers: [TicketMergeService, ThreadService],
  exports: [TicketMergeService],
})
export class TicketMergeModule {}
