import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/like-pattern';
import { TicketCollaborator } from '../filters/filters.entities';
import { User } from '../users/user.entity';
import { PortalTicketAccess } from './portal-ticket-access';
import { Ticket } from './ticket.entity';

export const MY_TICKETS_PAGE_SIZE = 25;
export type MyTicketsStatus = 'open' | 'closed' | 'all';

export interface MyTicketsQuery {
  status: MyTicketsStatus;
  /** A ticket number (exact) or words of the subject. */
  search: string;
  /** Keyset cursor: tickets with a smaller id (older). */
  before: number | null;
}

export interface MyTicketsPage {
  tickets: Ticket[];
  nextBefore: number | null;
}

/**
 * "My Tickets" for a signed-in portal user: their own tickets, those they collaborate on, and their
 * organization's when it shares them (the same sources as portalCanSeeTicket). Each source is an
 * indexed keyset query on the ticket id (newest first); the pages are merged, then the page's
 * tickets loaded with one query. Deleted tickets never show.
 */
@Injectable()
export class PortalTicketListService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly access: PortalTicketAccess) {}

  async list(userId: number, query: MyTicketsQuery, size = MY_TICKETS_PAGE_SIZE): Promise<MyTicketsPage> {
    const orgId = await this.access.sharingOrganizationOf(userId);
    const sources = [
      this.ids(query, size).andWhere('t.userId = :me', { me: userId }),
      this.ids(query, size).innerJoin(TicketCollaborator, 'c', 'c.ticketId = t.id AND c.userId = :me', { me: userId }),
    ];
    if (orgId !== null) sources.push(this.ids(query, size).innerJoin(User, 'u', 'u.id = t.userId AND u.organizationId = :org', { org: orgId }));
    const found = await Promise.all(sources.map((q) => q.getRawMany<{ id: number | string }>()));
    const ids = [...new Set(found.flat().map((r) => Number(r.id)))].sort((a, b) => b - a).slice(0, size + 1);
    const pageIds = ids.slice(0, size);
    const tickets = pageIds.length === 0 ? [] : await this.db.getRepository(Ticket).find({
      where: { id: In(pageIds) }, relations: { status: true, user: true }, order: { id: 'DESC' },
    });
    return { tickets, nextBefore: ids.length > size ? pageIds[pageIds.length - 1] : null };
  }

  private ids(query: MyTicketsQuery, size: number): SelectQueryBuilder<Ticket> {
    const q = this.db.getRepository(Ticket).createQueryBuilder('t').select('t.id', 'id').orderBy('t.id', 'DESC').limit(size + 1);
    if (query.status === 'open') q.andWhere("t.state = 'open'");
    else if (query.status === 'closed') q.andWhere("t.state IN ('closed', 'archived')");
    else q.andWhere("t.state <> 'deleted'");
    if (query.before) q.andWhere('t.id < :before', { before: query.before });
    const search = query.search.trim();
    if (search) {
      q.andWhere(new Brackets((w) => w.where('t.number = :number', { number: search })
        .orWhere("LOWER(t.subject) LIKE :term ESCAPE '!'", { term: containsPattern(search.toLowerCase()) })));
    }
    return q;
  }
}
