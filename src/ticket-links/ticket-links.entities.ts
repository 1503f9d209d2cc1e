import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, fkColumn, ID_TYPE } from '../database/columns';
import type { Ticket } from '../tickets/ticket.entity';

/**
 * related: the two tickets are about the same thing (a row each way);
 * merged_into: this ticket was merged into `linkedTicketId` (the survivor), and is closed;
 * merged_from: the survivor's side of a merge.
 */
export const TICKET_LINK_KINDS = ['related', 'merged_into', 'merged_from'] as const;
export type TicketLinkKind = (typeof TICKET_LINK_KINDS)[number];

/** One direction of a link between two tickets; each side lists its own rows by index. */
@Entity('ticket_links')
@Index('ticket_links_pair_uq', ['ticketId', 'linkedTicketId'], { unique: true })
@Index('ticket_links_linked_idx', ['linkedTicketId'])
export class TicketLink {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_links_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(fkColumn)
  linkedTicketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'linked_ticket_id', foreignKeyConstraintName: 'ticket_links_linked_ticket_id_fk' })
  linkedTicket: Relation<Ticket>;

  @Column({ type: 'varchar', length: 16 })
  kind: TicketLinkKind;

  @Column({ type: 'varchar', length: 255, default: '' })
  reason: string;

  @Column(createdAtColumn)
  createdAt: Date;
}

export const TICKET_LINKS_ENTITIES = [TicketLink];
