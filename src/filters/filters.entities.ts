import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE } from '../database/columns';
import type { Ticket } from '../tickets/ticket.entity';
import type { User } from '../users/user.entity';
import type { FilterAction, FilterCondition } from './filter-rules';

/**
 * An intake filter: conditions joined by all or any, and the actions taken when they match. Rules run
 * in `sort` order (ties by id) on every new ticket; `validateRule` (filter-rules.ts) guards what is saved.
 */
@Entity('intake_filters')
@Index('intake_filters_name_uq', ['name'], { unique: true })
@Index('intake_filters_active_sort_idx', ['isActive', 'sort'])
export class IntakeFilter {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'integer', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'varchar', length: 8, default: 'all' })
  match: 'all' | 'any';

  @Column({ type: 'simple-json' })
  conditions: FilterCondition[];

  @Column({ type: 'simple-json' })
  actions: FilterAction[];

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/** An end user copied on a ticket (CC). Added by intake filters for now; the ticket page lists them. */
@Entity('ticket_collaborators')
@Index('ticket_collaborators_user_idx', ['userId'])
export class TicketCollaborator {
  @PrimaryColumn({ type: ID_TYPE })
  ticketId: number;

  @PrimaryColumn({ type: ID_TYPE })
  userId: number;

  // By name, so this file does not load the ticket graph (and its import cycles) just for foreign keys.
  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_collaborators_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @ManyToOne('User', { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ticket_collaborators_user_id_fk' })
  user: Relation<User>;

  @Column(createdAtColumn)
  addedAt: Date;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const FILTERS_ENTITIES = [IntakeFilter, TicketCollaborator];
