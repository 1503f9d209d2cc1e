import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE } from '../database/columns';
import { CustomField } from './custom-field.entity';

/** A set of extra questions a help topic asks (osTicket's "forms"): shown on the portal form and the ticket page. */
@Entity('custom_forms')
@Index('custom_forms_name_uq', ['name'], { unique: true })
export class CustomForm {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** Shown above the questions on the portal form. */
  @Column({ type: 'text', nullable: true })
  instructions: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(createdAtColumn)
  createdAt: Date;

  @OneToMany(() => CustomField, (field) => field.form)
  fields: CustomField[];
}
