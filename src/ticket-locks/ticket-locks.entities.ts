import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE } from '../database/columns';
import type { Staff } from '../staff/staff.entity';
import type { Ticket } from '../tickets/ticket.entity';

/** viewing: the agent has the ticket open; replying: they are typing a reply or note. */
export type TicketLockActivity = 'viewing' | 'replying';

/** osTicket's ticket lock: the one agent working on a ticket, until `expiresAt` (renewed while they type). */
@Entity('ticket_locks')
@Index('ticket_locks_ticket_uq', ['ticketId'], { unique: true })
@Index('ticket_locks_staff_idx', ['staffId'])
export class TicketLock {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_locks_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(fkColumn)
  staffId: number;

  @ManyToOne('Staff', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'ticket_locks_staff_id_fk' })
  staff: Relation<Staff>;

  @Column({ type: 'varchar', length: 16 })
  activity: TicketLockActivity;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column(createdAtColumn)
  createdAt: Date;
}

export const TICKET_LOCKS_ENTITIES = [TicketLock];
