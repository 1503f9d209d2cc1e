import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { fkColumn, ID_TYPE } from '../database/columns';
import type { CustomForm } from './custom-form.entity';
import { FieldType, FieldVisibility } from './field-values';

/**
 * One question of a custom form. `name` is the machine name (unique in its form) that names the input
 * (`cf_<name>`); `visibility` 'all' shows it to the user and agents, 'agents' to agents only; a user sees
 * a visible field on the portal form only when it is also `userEditable`.
 */
@Entity('custom_fields')
@Index('custom_fields_form_name_uq', ['formId', 'name'], { unique: true })
export class CustomField {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  formId: number;

  @ManyToOne('CustomForm', 'fields', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'form_id', foreignKeyConstraintName: 'custom_fields_form_id_fk' })
  form: CustomForm;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 191 })
  label: string;

  @Column({ type: 'varchar', length: 16 })
  type: FieldType;

  /** The options of a choice or multiple-choice field, in order; null for other types. */
  @Column({ type: 'simple-json', nullable: true })
  choices: string[] | null;

  @Column({ type: 'boolean', default: false })
  isRequired: boolean;

  @Column({ type: 'varchar', length: 16 })
  visibility: FieldVisibility;

  @Column({ type: 'boolean', default: true })
  userEditable: boolean;

  @Column({ type: 'integer', default: 0 })
  sort: number;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;
}
