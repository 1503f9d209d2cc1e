import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TicketCollaborator } from './filters.entities';

/** A ticket's collaborators (CCs), read for the staff ticket page; intake filters add them. */
@Injectable()
export class TicketCollaboratorsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Each collaborator's user id, name and email, in the order they were added. */
  async forTicket(ticketId: number): Promise<{ userId: number; name: string; email: string }[]> {
    const rows = await this.db.getRepository(TicketCollaborator).find({
      where: { ticketId }, relations: { user: true }, order: { addedAt: 'ASC', userId: 'ASC' },
    });
    return rows.map((r) => ({ userId: r.userId, name: r.user.name, email: r.user.email }));
  }
}
