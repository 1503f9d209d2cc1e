import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { datetimeColumn, ID_TYPE } from '../database/columns';
import type { Department } from '../departments/department.entity';
import type { NoticeCode } from './notice-catalog';

/**
 * The wording of one notice (see notice-catalog.ts), as the admin edited it. Plain text with
 * `%{ticket.number}`-style variables, never a template (SECURITY 14). Inactive: the notice is not sent.
 */
@Entity('email_templates')
@Index('email_templates_code_uq', ['code'], { unique: true })
export class EmailTemplate {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  code: NoticeCode;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'text' })
  textBody: string;

  @Column({ type: 'text' })
  htmlBody: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/** A department whose tickets do not get this notice (all departments get every active notice by default). */
@Entity('email_template_department_opt_outs')
@Index('email_template_opt_outs_department_idx', ['departmentId'])
export class EmailTemplateOptOut {
  @PrimaryColumn({ type: ID_TYPE })
  templateId: number;

  @PrimaryColumn({ type: ID_TYPE })
  departmentId: number;

  @ManyToOne('EmailTemplate', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'email_template_opt_outs_template_id_fk' })
  template: Relation<EmailTemplate>;

  @ManyToOne('Department', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'email_template_opt_outs_department_id_fk' })
  department: Relation<Department>;
}
