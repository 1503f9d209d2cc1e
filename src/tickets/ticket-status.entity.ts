import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID_TYPE } from '../database/columns';
import { StatusState } from './ticket-lifecycle';

/** A status label an admin can add; its `state` is the behaviour (see DOMAIN.md). */
@Entity('ticket_statuses')
@Index('ticket_statuses_name_uq', ['name'], { unique: true })
export class TicketStatus {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  state: StatusState;

  @Column({ type: 'boolean', default: false })
  isReopenable: boolean;

  @Column({ type: 'boolean', default: false })
  pausesSla: boolean;

  /** The status new and reopened tickets get. Exactly one open-state status has it. */
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Column({ type: 'integer', default: 0 })
  sort: number;

  /** A disabled status stays on the tickets that have it but is no longer offered on ticket forms. */
  @Column({ type: 'boolean', default: true })
  isActive: boolean;
}
