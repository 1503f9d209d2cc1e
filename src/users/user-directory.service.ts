import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { notFound } from '../common/errors';
import { prefixPattern } from '../common/like-pattern';
import { AgentScope } from '../tickets/ticket-access';
import { Ticket } from '../tickets/ticket.entity';
import { User } from './user.entity';
import { readUserSearch, UserCursor, UserSearchColumn } from './user-search';

export const USERS_PAGE_SIZE = 25;
export const USER_TICKETS_PAGE_SIZE = 20;
/** The autocomplete answers at most this many users. */
export const LOOKUP_LIMIT = 10;

export interface UserPage {
  users: User[];
  /** Where the next page starts, or null on the last page. With no search term, `value` is unused (newest first by id). */
  next: UserCursor | null;
  column: UserSearchColumn | null;
}

export interface UserTicketPage {
  tickets: Ticket[];
  nextBefore: number | null;
}

/**
 * Reads of the end-user directory for agents. CASE: the user record itself (contact details and
 * organization) is visible to every agent, as in osTicket: agents open tickets for anyone and must find
 * them first. The user's tickets are not: each list holds only the tickets the agent may see
 * (SECURITY 2), and nothing says how many others there are. The lookup answers contact details only.
 */
@Injectable()
export class UserDirectoryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A page of users: with a term, those whose email, phone or name (as readUserSearch decides) starts
   * with it, in that column's order; without, the newest first. Keyset paging on an index either way.
   */
  async search(term: string, cursor: UserCursor | null): Promise<UserPage> {
    const search = readUserSearch(term);
    const query = this.db.getRepository(User).createQueryBuilder('u').leftJoinAndSelect('u.organization', 'organization').limit(USERS_PAGE_SIZE + 1);
    if (!search) {
      query.orderBy('u.id', 'DESC');
      if (cursor) query.andWhere('u.id < :id', { id: cursor.id });
    } else {
      const column = `u.${search.column}`;
      query.where(`${column} LIKE :prefix ESCAPE '!'`, { prefix: prefixPattern(search.prefix) }).orderBy(column, 'ASC').addOrderBy('u.id', 'ASC');
      // (column, id) after the cursor, spelled so the index range starts at the cursor's value.
      if (cursor) query.andWhere(`${column} >= :value AND (${column} > :value OR u.id > :id)`, { value: cursor.value, id: cursor.id });
    }
    const rows = await query.getMany();
    const users = rows.slice(0, USERS_PAGE_SIZE);
    const last = users[users.length - 1];
    const next = rows.length > USERS_PAGE_SIZE ? { value: search ? (last[search.column] ?? '') : '', id: last.id } : null;
    return { users, next, column: search?.column ?? null };
  }

  /**
   * Up to LOOKUP_LIMIT users for the new-ticket form's autocomplete: a term with "@" matches the start of
   * emails; any other matches the start of names or of emails (two index walks, merged).
   */
  async lookup(term: string): Promise<User[]> {
    const text = term.trim();
    if (text.length < 2) return [];
    const repo = this.db.getRepository(User);
    const byColumn = (column: 'email' | 'name' | 'phone', prefix: string) => repo.createQueryBuilder('u')
      .where(`u.${column} LIKE :prefix ESCAPE '!'`, { prefix: prefixPattern(prefix) })
      .orderBy(`u.${column}`, 'ASC').addOrderBy('u.id', 'ASC').limit(LOOKUP_LIMIT).getMany();
    const search = readUserSearch(text)!;
    const lists = search.column === 'name' ? await Promise.all([byColumn('name', text), byColumn('email', text.toLowerCase())]) : [await byColumn(search.column, search.prefix)];
    const seen = new Set<number>();
    return lists.flat().filter((u) => !seen.has(u.id) && !!seen.add(u.id)).slice(0, LOOKUP_LIMIT);
  }

  async require(id: number): Promise<User> {
    const user = await this.db.getRepository(User).findOne({ where: { id }, relations: { organization: true } });
    if (!user) throw notFound('user');
    return user;
  }

  /** The user's tickets that the agent may see, newest first (keyset on tickets_user_id_idx). */
  async tickets(scope: AgentScope, userId: number, before: number | null): Promise<UserTicketPage> {
    const query = this.db.getRepository(Ticket).createQueryBuilder('t')
      .innerJoinAndSelect('t.status', 'status').innerJoinAndSelect('t.department', 'department').innerJoinAndSelect('t.priority', 'priority')
      .where('t.userId = :userId', { userId })
      .orderBy('t.id', 'DESC').limit(USER_TICKETS_PAGE_SIZE + 1);
    if (before) query.andWhere('t.id < :before', { before });
    if (!scope.isAdmin) {
      // SECURITY 2: the same boundary as the queues (canSeeTicket), in SQL.
      query.andWhere(new Brackets((w) => {
        w.where('t.departmentId IN (:...departments)', { departments: scope.departmentIds }).orWhere('t.staffId = :self', { self: scope.staffId });
        if (scope.teamIds.length > 0) w.orWhere('t.teamId IN (:...teams)', { teams: scope.teamIds });
      }));
    }
    const rows = await query.getMany();
    const tickets = rows.slice(0, USER_TICKETS_PAGE_SIZE);
    return { tickets, nextBefore: rows.length > USER_TICKETS_PAGE_SIZE ? tickets[tickets.length - 1].id : null };
  }
}
