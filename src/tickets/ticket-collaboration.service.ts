import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { TicketCollaborator } from '../filters/filters.entities';
import { AccessLinksService } from '../portal-access/access-links.service';
import { ThreadService } from '../threads/thread.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AgentScope, canSeeTicket, hasTicketPermission } from './ticket-access';
import { Ticket } from './ticket.entity';

export interface CollaboratorInput {
  email: string;
  /** Needed only when no user has this email yet. */
  name: string;
}

/**
 * Agents adding and removing a ticket's collaborators (CCs). Same order as every ticket action: the
 * ticket row locked, access (404), the 'ticket.edit' permission (403), then the write and its thread
 * event in one transaction. CASE: allowed whatever the ticket's status, as in osTicket: copying someone
 * on a closed ticket changes nothing about its state.
 */
@Injectable()
export class TicketCollaborationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly threads: ThreadService,
    private readonly clock: Clock,
    private readonly accessLinks: AccessLinksService,
  ) {}

  /** Copies a user on the ticket: an existing user by email, or a new one (email + name). */
  async add(scope: AgentScope, ticketId: number, input: CollaboratorInput): Promise<User> {
    return this.db.transaction(async (m) => {
      const ticket = await this.editable(m, scope, ticketId);
      const existing = await m.getRepository(User).findOneBy({ email: input.email.trim().toLowerCase() });
      if (!existing && !input.name.trim()) throw invalidField('name', 'No user has this email yet: enter their full name to add them.');
      const user = existing ?? await this.users.findOrCreate({ email: input.email, name: input.name }, m);
      if (user.id === ticket.userId) throw invalidField('email', `${user.name} opened this ticket; they already receive every reply.`);
      if (await m.getRepository(TicketCollaborator).existsBy({ ticketId, userId: user.id })) throw invalidField('email', `${user.name} is already a collaborator.`);
      const now = this.clock.now();
      await m.getRepository(TicketCollaborator).insert({ ticketId, userId: user.id, addedAt: now });
      await this.threads.appendEvent(m, {
        ticketId, event: 'collaborator_added', staffId: scope.staffId, posterName: scope.name,
        text: `${scope.name} added ${user.name} <${user.email}> as a collaborator`, data: { userId: user.id, email: user.email }, at: now,
      });
      await this.bump(m, ticketId, now);
      return user;
    });
  }

  /** Stops copying a user on the ticket (they stay a user); one who is not a collaborator is a 404. */
  async remove(scope: AgentScope, ticketId: number, userId: number): Promise<User> {
    return this.db.transaction(async (m) => {
      await this.editable(m, scope, ticketId);
      const row = await m.getRepository(TicketCollaborator).findOne({ where: { ticketId, userId }, relations: { user: true } });
      if (!row) throw notFound('collaborator');
      const now = this.clock.now();
      await m.getRepository(TicketCollaborator).delete({ ticketId, userId });
      // Someone no longer copied must not keep opening the ticket with a link from an earlier mail.
      await this.accessLinks.revokeForTicket(m, ticketId, userId);
      await this.threads.appendEvent(m, {
        ticketId, event: 'collaborator_removed', staffId: scope.staffId, posterName: scope.name,
        text: `${scope.name} removed ${row.user.name} <${row.user.email}> from the collaborators`, data: { userId, email: row.user.email }, at: now,
      });
      await this.bump(m, ticketId, now);
      return row.user;
    });
  }

  /**
   * Revokes every signed access link mailed for this ticket (a mail forwarded to the wrong person, say):
   * those links answer 410 from now on; the user asks for a new one or checks the status by email and
   * number. Returns how many were live.
   */
  async revokeAccessLinks(scope: AgentScope, ticketId: number): Promise<number> {
    return this.db.transaction(async (m) => {
      await this.editable(m, scope, ticketId);
      const now = this.clock.now();
      const revoked = await this.accessLinks.revokeForTicket(m, ticketId);
      await this.threads.appendEvent(m, {
        ticketId, event: 'access_links_revoked', staffId: scope.staffId, posterName: scope.name,
        text: `${scope.name} revoked the ticket's access links (${revoked} live)`, data: { revoked }, at: now,
      });
      await this.bump(m, ticketId, now);
      return revoked;
    });
  }

  private async editable(m: EntityManager, scope: AgentScope, ticketId: number): Promise<Ticket> {
    // As TicketActionsService: lock the ticket row alone on MySQL; SQLite has one writer at a time.
    if (this.db.options.type !== 'better-sqlite3') await m.query('SELECT id FROM tickets WHERE id = ? FOR UPDATE', [ticketId]);
    const ticket = await m.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket || !canSeeTicket(scope, ticket)) throw notFound('ticket');
    if (!hasTicketPermission(scope, ticket, 'ticket.edit')) throw new DomainError('forbidden', 'Your role does not allow you to edit this ticket.');
    return ticket;
  }

  private async bump(m: EntityManager, ticketId: number, now: Date): Promise<void> {
    await m.update(Ticket, { id: ticketId }, { updatedAt: now, version: () => 'version + 1' });
  }
}
