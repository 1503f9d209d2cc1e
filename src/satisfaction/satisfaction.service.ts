import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, notFound } from '../common/errors';
import { hashSecretToken } from '../common/secret-token';
import { Ticket } from '../tickets/ticket.entity';
import { RatingSource, RatingValue, SatisfactionRating, SatisfactionRequest } from './satisfaction.entities';

export const MAX_RATING_COMMENT_CHARS = 2_000;

/** Where a ticket stands for rating: not resolved, open for a rating of this resolution, or rated. */
export type RatingState =
  | { kind: 'not_resolved' }
  | { kind: 'open'; resolvedAt: Date }
  | { kind: 'rated'; rating: SatisfactionRating };

/** A request from the mail link, with its ticket (and whether that resolution still stands). */
export interface RatingRequestView {
  request: SatisfactionRequest;
  ticket: Ticket;
  state: RatingState;
}

const alreadyRated = () => new DomainError('conflict', 'This resolution has already been rated. Thank you for your feedback!');

/**
 * Satisfaction ratings: a user rates a resolved ticket good or bad, with an optional comment, once per
 * resolution (the ticket's closing time); reopened and resolved again, it may be rated again. Callers
 * check the user's access to the ticket first (the portal session) or come with the mail link's token.
 */
@Injectable()
export class SatisfactionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The ticket's rating state for its current resolution. */
  async state(ticket: Pick<Ticket, 'id' | 'state' | 'closedAt'>): Promise<RatingState> {
    if (ticket.state !== 'closed' || !ticket.closedAt) return { kind: 'not_resolved' };
    const rating = await this.db.getRepository(SatisfactionRating).findOneBy({ ticketId: ticket.id, resolvedAt: ticket.closedAt });
    return rating ? { kind: 'rated', rating } : { kind: 'open', resolvedAt: ticket.closedAt };
  }

  /** Every rating of a ticket, newest first (the staff page; a ticket has a handful at most). */
  history(ticketId: number): Promise<SatisfactionRating[]> {
    return this.db.getRepository(SatisfactionRating).find({ where: { ticketId }, order: { resolvedAt: 'DESC', id: 'DESC' } });
  }

  /**
   * Records the rating of the ticket's current resolution, copying its agent, department and help topic
   * for the report. 409 when already rated (or rated at the same moment by another request: the unique
   * index decides); 409 too when the ticket is not resolved (any more).
   */
  async rate(ticketId: number, input: { rating: RatingValue; comment: string; source: RatingSource }): Promise<SatisfactionRating> {
    try {
      return await this.db.transaction(async (manager) => {
        const ticket = await manager.getRepository(Ticket).findOneBy({ id: ticketId });
        if (!ticket) throw notFound('ticket');
        if (ticket.state !== 'closed' || !ticket.closedAt) throw new DomainError('invalid_transition', 'Only a resolved ticket can be rated.');
        const repo = manager.getRepository(SatisfactionRating);
        if (await repo.existsBy({ ticketId, resolvedAt: ticket.closedAt })) throw alreadyRated();
        return repo.save(repo.create({
          ticketId, resolvedAt: ticket.closedAt, rating: input.rating, comment: input.comment || null, source: input.source,
          staffId: ticket.staffId, departmentId: ticket.departmentId, helpTopicId: ticket.helpTopicId, createdAt: this.clock.now(),
        }));
      });
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw alreadyRated();
      throw err;
    }
  }

  /**
   * The mail link's request. CASE: a link for an earlier resolution (the ticket was reopened since) no
   * longer rates anything: it is a 404 like an unknown token, so old mail cannot rate a new resolution.
   */
  async byToken(token: string): Promise<RatingRequestView> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) throw notFound('rating link');
    const request = await this.db.getRepository(SatisfactionRequest).findOne({ where: { tokenHash: hashSecretToken(token) }, relations: { ticket: true } });
    if (!request) throw notFound('rating link');
    const { ticket } = request;
    if (!ticket.closedAt || ticket.state !== 'closed' || ticket.closedAt.getTime() !== request.resolvedAt.getTime()) throw notFound('rating link');
    return { request, ticket, state: await this.state(ticket) };
  }

  /** Records a rating through the mail link (the token is the user's proof). */
  async rateByToken(token: string, input: { rating: RatingValue; comment: string }): Promise<{ rating: SatisfactionRating; ticket: Ticket }> {
    const { ticket } = await this.byToken(token);
    return { rating: await this.rate(ticket.id, { ...input, source: 'mail' }), ticket };
  }

  /** Stores a request for the link in the resolution mail, in the caller's transaction. */
  async createRequest(manager: EntityManager, ticket: Pick<Ticket, 'id' | 'userId'>, resolvedAt: Date, tokenHash: string): Promise<void> {
    await manager.getRepository(SatisfactionRequest).insert({ tokenHash, ticketId: ticket.id, userId: ticket.userId, resolvedAt, createdAt: this.clock.now() });
  }
}
