import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { ApiKeyGuard, RequireScope } from '../api-keys/api-key.guard';
import { TicketLookupService } from '../tickets/ticket-lookup.service';

export interface ApiTicket {
  number: string;
  subject: string;
  status: string;
  createdAt: string;
}

/** /api/tickets: ticket reads for machines with a key (X-API-Key header). */
@Controller('api/tickets')
@UseGuards(ApiKeyGuard)
export class ApiTicketsController {
  constructor(private readonly tickets: TicketLookupService) {}

  /** GET /api/tickets/:number (scope tickets.read): the ticket's number, subject, status and creation time. */
  @Get(':number')
  @RequireScope('tickets.read')
  @Header('Cache-Control', 'no-store')
  async show(@Param('number') number: string): Promise<ApiTicket> {
    const ticket = await this.tickets.byNumber(number);
    return { number: ticket.number, subject: ticket.subject, status: ticket.status.name, createdAt: ticket.createdAt.toISOString() };
  }
}
