import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { SlaModule } from '../sla/sla.module';
import { StaffModule } from '../staff/staff.module';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketsModule } from '../tickets/tickets.module';
import { InboundMail } from './inbound-mail.entity';
import { InboundMailRecordsService } from './inbound-mail-records.service';
import { InboundMailService } from './inbound-mail.service';
import { InboundProcessor } from './inbound-processor.service';
import { InboundReplyService } from './inbound-reply.service';
import { MailUploads } from './mail-uploads';
import { RawMailStore } from './raw-mail-store';
import { ThreadFactsService } from './thread-facts.service';

/** Inbound mail: storing, deduping, parsing, threading and quarantining what the pipe and the IMAP fetcher deliver. */
@Module({
  imports: [TypeOrmModule.forFeature([InboundMail, ThreadEntry, Attachment]), TicketsModule, SlaModule, StaffModule],
  providers: [InboundMailService, InboundMailRecordsService, InboundProcessor, InboundReplyService, ThreadFactsService, MailUploads, RawMailStore, ThreadService],
  exports: [InboundMailService, InboundMailRecordsService, RawMailStore],
})
export class InboundMailModule {}
