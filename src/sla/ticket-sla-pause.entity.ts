import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { datetimeColumn, fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import { Ticket } from '../tickets/ticket.entity';

/**
 * A stretch of time a ticket's SLA clock stood still: while its status paused the SLA (Awaiting Response)
 * or while it was closed. `endedAt` is null while the clock still stands; `reason` names the status.
 */
@Entity('ticket_sla_pauses')
@Index('ticket_sla_pauses_ticket_id_idx', ['ticketId', 'id'])
export class TicketSlaPause {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_sla_pauses_ticket_id_fk' })
  ticket: Ticket;

  @Column(datetimeColumn)
  startedAt: Date;

  @Column(nullableDatetime)
  endedAt: Date | null;

  @Column({ type: 'varchar', length: 191 })
  reason: string;
}
