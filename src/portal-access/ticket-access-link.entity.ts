import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import type { Ticket } from '../tickets/ticket.entity';
import type { User } from '../users/user.entity';

/** A signed link in our mail that opens one ticket for one end user; expiring and revocable. Hash only. */
@Entity('ticket_access_links')
@Index('ticket_access_links_hash_uq', ['tokenHash'], { unique: true })
@Index('ticket_access_links_ticket_idx', ['ticketId'])
export class TicketAccessLink {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_access_links_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(fkColumn)
  userId: number;

  @ManyToOne('User', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ticket_access_links_user_id_fk' })
  user: Relation<User>;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column(nullableDatetime)
  revokedAt: Date | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
