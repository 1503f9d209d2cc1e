import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketLookupService } from './ticket-lookup.service';
import { Ticket } from './ticket.entity';

/** Ticket reads for the API, apart from TicketsModule so the API area does not load the agent workflows. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket])],
  providers: [TicketLookupService],
  exports: [TicketLookupService],
})
export class TicketLookupModule {}
