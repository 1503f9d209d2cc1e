import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { AgentScope, canSeeTicket } from '../tickets/ticket-access';
import { Ticket } from '../tickets/ticket.entity';
import { KbHit, KbSearchService } from './kb-search.service';
import { searchTerms } from './kb-text';

/** How far back similar tickets are looked for: the most recent tickets by id, a bounded index range. */
export const SIMILAR_TICKETS_WINDOW = 20_000;
const MAX_SIMILAR = 5;

export interface TicketSuggestions {
  articles: KbHit[];
  tickets: Pick<Ticket, 'id' | 'number' | 'subject' | 'state'>[];
}

/**
 * What the staff ticket page suggests beside a ticket: published articles matching its subject (those of
 * its help topic first), and tickets with the same words in their subject among those the agent may
 * see (departments, assignment, teams: SECURITY 2). Similar tickets are searched among the latest
 * SIMILAR_TICKETS_WINDOW tickets only: a primary-key range, so the cost stays bounded at a million.
 */
@Injectable()
export class KbTicketSuggestionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly search: KbSearchService,
  ) {}

  async forTicket(scope: AgentScope, ticketId: number): Promise<TicketSuggestions> {
    const ticket = await this.db.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
    const [articles, tickets] = await Promise.all([
      this.search.search(ticket.subject, 'published', { limit: 5, topicId: ticket.helpTopicId }),
      this.similar(scope, ticket),
    ]);
    return { articles, tickets };
  }

  private async similar(scope: AgentScope, ticket: Ticket): Promise<TicketSuggestions['tickets']> {
    const terms = searchTerms(ticket.subject, 4);
    if (terms.length === 0) return [];
    const [{ maxId }] = (await this.db.getRepository(Ticket).createQueryBuilder('t').select('MAX(t.id)', 'maxId').getRawMany()) as { maxId: number | string | null }[];
    const query = this.db.getRepository(Ticket).createQueryBuilder('t')
      .select(['t.id', 't.number', 't.subject', 't.state', 't.departmentId', 't.staffId', 't.teamId'])
      .where('t.id > :floor', { floor: Number(maxId ?? 0) - SIMILAR_TICKETS_WINDOW })
      .andWhere('t.id <> :id', { id: ticket.id })
      .andWhere("t.state <> 'deleted'")
      .andWhere(new Brackets((words) => {
        terms.forEach((term, i) => words.orWhere(`LOWER(t.subject) LIKE :w${i} ESCAPE '!'`, { [`w${i}`]: containsPattern(term) }));
      }))
      .orderBy('t.id', 'DESC')
      .limit(MAX_SIMILAR);
    if (!scope.isAdmin) {
      query.andWhere(new Brackets((access) => {
        access.where('t.staffId = :me', { me: scope.staffId });
        if (scope.departmentIds.length > 0) access.orWhere('t.departmentId IN (:...departments)', { departments: scope.departmentIds });
        if (scope.teamIds.length > 0) access.orWhere('t.teamId IN (:...teams)', { teams: scope.teamIds });
      }));
    }
    // The same rule again in code: the query narrows, canSeeTicket decides.
    return (await query.getMany()).filter((t) => canSeeTicket(scope, t)).map((t) => ({ id: t.id, number: t.number, subject: t.subject, state: t.state }));
  }
}
