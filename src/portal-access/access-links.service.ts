import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/errors';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { TicketAccessLink } from './ticket-access-link.entity';

/** How long a link in a mail opens its ticket. */
export const ACCESS_LINK_DAYS = 30;

/** Signed access links (`/tickets/access/<token>`): one ticket, one end user, expiring, revocable. */
@Injectable()
export class AccessLinksService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly clock: Clock) {}

  /** A new link token, written in the caller's transaction (usually the one queueing the mail). */
  async issue(manager: EntityManager, ticketId: number, userId: number, days = ACCESS_LINK_DAYS): Promise<string> {
    const token = newSecretToken('url');
    const expiresAt = new Date(this.clock.now().getTime() + days * 86_400_000);
    await manager.insert(TicketAccessLink, { tokenHash: hashSecretToken(token), ticketId, userId, expiresAt });
    return token;
  }

  /**
   * The link behind a token: `ok`, or why it no longer works (`expired` and `revoked` deserve a 410;
   * `unknown` a 404 that says nothing about whether the ticket exists).
   */
  async check(token: string): Promise<{ status: 'ok'; link: TicketAccessLink } | { status: 'unknown' | 'expired' | 'revoked' }> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { status: 'unknown' };
    const link = await this.db.manager.findOneBy(TicketAccessLink, { tokenHash: hashSecretToken(token) });
    if (!link) return { status: 'unknown' };
    if (link.revokedAt) return { status: 'revoked' };
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) return { status: 'expired' };
    return { status: 'ok', link };
  }

  /**
   * What a live link opens: the ticket's number and the user it was issued to. Throws `not_found` for
   * an unknown token (nothing said about any ticket) and `gone` (410) for an expired or revoked one.
   */
  async open(token: string): Promise<{ ticketId: number; ticketNumber: string; userId: number; email: string }> {
    const result = await this.check(token);
    if (result.status === 'unknown') throw notFound();
    if (result.status !== 'ok') throw new DomainError('gone', 'This link has expired or was revoked. Ask us for a new one from the Check Ticket Status page.');
    const link = await this.db.manager.findOneOrFail(TicketAccessLink, { where: { id: result.link.id }, relations: { ticket: true, user: true } });
    return { ticketId: link.ticketId, ticketNumber: link.ticket.number, userId: link.userId, email: link.user.email };
  }

  /** Revokes every live link of a ticket (an agent's "revoke access links", or a user removed from it). */
  async revokeForTicket(manager: EntityManager, ticketId: number, userId?: number): Promise<number> {
    const where = { ticketId, revokedAt: IsNull(), ...(userId !== undefined ? { userId } : {}) };
    const result = await manager.update(TicketAccessLink, where, { revokedAt: this.clock.now() });
    return result.affected ?? 0;
  }
}
