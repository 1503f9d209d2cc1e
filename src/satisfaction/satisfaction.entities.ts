import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE } from '../database/columns';
import type { Ticket } from '../tickets/ticket.entity';
import type { User } from '../users/user.entity';

export type RatingValue = 'good' | 'bad';
export type RatingSource = 'portal' | 'mail';

/**
 * A user's rating of one resolution of a ticket. `resolvedAt` is the ticket's closing time it rates:
 * unique with the ticket, so a resolution is rated once and a reopened, resolved-again ticket once more.
 * Agent, department and help topic are copied when rated, so the report never scans tickets.
 */
@Entity('satisfaction_ratings')
@Index('satisfaction_ratings_ticket_resolution_uq', ['ticketId', 'resolvedAt'], { unique: true })
@Index('satisfaction_ratings_report_idx', ['createdAt', 'departmentId', 'staffId', 'helpTopicId', 'rating'])
export class SatisfactionRating {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'satisfaction_ratings_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(datetimeColumn)
  resolvedAt: Date;

  @Column({ type: 'varchar', length: 8 })
  rating: RatingValue;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** The assigned agent when rated (no foreign key: the report keeps a removed agent's ratings). */
  @Column({ type: 'integer', nullable: true })
  staffId: number | null;

  @Column({ type: 'integer' })
  departmentId: number;

  @Column({ type: 'integer', nullable: true })
  helpTopicId: number | null;

  @Column({ type: 'varchar', length: 16 })
  source: RatingSource;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** The link in the "how did we do?" mail: a hashed token for one resolution of one ticket, for its user. */
@Entity('satisfaction_requests')
@Index('satisfaction_requests_hash_uq', ['tokenHash'], { unique: true })
@Index('satisfaction_requests_ticket_idx', ['ticketId'])
export class SatisfactionRequest {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'satisfaction_requests_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(fkColumn)
  userId: number;

  @ManyToOne('User', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'satisfaction_requests_user_id_fk' })
  user: Relation<User>;

  @Column(datetimeColumn)
  resolvedAt: Date;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const SATISFACTION_ENTITIES = [SatisfactionRating, SatisfactionRequest];
