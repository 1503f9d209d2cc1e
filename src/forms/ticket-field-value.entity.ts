import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fkColumn, ID_TYPE } from '../database/columns';
import { Ticket } from '../tickets/ticket.entity';
import { CustomField } from './custom-field.entity';

/**
 * A ticket's answer to one custom field, as text (a multiple choice as a JSON array, a checkbox as
 * "1"/"0"). An empty answer has no row.
 */
@Entity('ticket_field_values')
@Index('ticket_field_values_ticket_field_uq', ['ticketId', 'fieldId'], { unique: true })
@Index('ticket_field_values_field_idx', ['fieldId'])
export class TicketFieldValue {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_field_values_ticket_id_fk' })
  ticket: Ticket;

  @Column(fkColumn)
  fieldId: number;

  @ManyToOne(() => CustomField, { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'field_id', foreignKeyConstraintName: 'ticket_field_values_field_id_fk' })
  field: CustomField;

  @Column({ type: 'text' })
  value: string;
}
