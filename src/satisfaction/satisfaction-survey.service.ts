import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { AppConfig } from '../config/app-config';
import { Ticket } from '../tickets/ticket.entity';
import { SatisfactionService } from './satisfaction.service';

/**
 * Rating links for mail: a single token per resolution of a ticket, for its user, that opens
 * /satisfaction/:token (GET shows the form, POST records). A mail that wants to carry one calls
 * `issueLink` in its own transaction and puts the URL in its text.
 */
@Injectable()
export class SatisfactionSurveyService {
  constructor(
    private readonly satisfaction: SatisfactionService,
    private readonly config: AppConfig,
  ) {}

  /** The rating URL for the ticket's current resolution, or null when it is not resolved. */
  async issueLink(manager: EntityManager, ticketId: number): Promise<string | null> {
    // Read back: the stored closing time (MySQL keeps whole seconds) is the resolution the link rates.
    const ticket = await manager.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket?.closedAt || ticket.state !== 'closed') return null;
    const token = newSecretToken();
    await this.satisfaction.createRequest(manager, ticket, ticket.closedAt, hashSecretToken(token));
    return `${this.config.publicUrl}/satisfaction/${token}`;
  }
}
