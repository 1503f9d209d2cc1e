import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/errors';
import { Ticket } from './ticket.entity';

const NUMBER_PATTERN = /^[A-Za-z0-9-]{1,32}$/;

/** Tickets by number for API clients, whose key's scope is the access check (no agent or visitor scope). */
@Injectable()
export class TicketLookupService {
  constructor(@InjectRepository(Ticket) private readonly tickets: Repository<Ticket>) {}

  /** The ticket with its status, or 404 (also for a number that cannot be one). */
  async byNumber(number: string): Promise<Ticket> {
    const ticket = NUMBER_PATTERN.test(number) ? await this.tickets.findOne({ where: { number }, relations: { status: true } }) : null;
    if (!ticket) throw notFound('ticket');
    return ticket;
  }
}
