import { Module } from '@nestjs/common';
import { TicketLocksService } from './ticket-locks.service';

/** Who has a ticket open or is replying (the expiring per-ticket lock). */
@Module({ providers: [TicketLocksService], exports: [TicketLocksService] })
export class TicketLocksModule {}
