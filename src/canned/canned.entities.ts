import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableFk } from '../database/columns';
import type { Department } from '../departments/department.entity';

export const MAX_CANNED_TITLE_CHARS = 120;

/**
 * A prepared reply agents can insert into a response. `departmentId` null means every department.
 * The body is plain text with `%{ticket.number}`-style variables, never a template (SECURITY 14).
 */
@Entity('canned_responses')
// CASE: the unique index also serves lookups by department; it cannot stop two global responses with
// the same title (NULLs never collide in a unique index), so the service checks titles itself.
@Index('canned_responses_department_title_uq', ['departmentId', 'title'], { unique: true })
export class CannedResponse {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: MAX_CANNED_TITLE_CHARS })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column(nullableFk)
  departmentId: number | null;

  // By name, so this file does not load the entity graph (and its import cycles) just for a foreign key.
  @ManyToOne('Department', { onDelete: 'NO ACTION', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'canned_responses_department_id_fk' })
  department: Relation<Department> | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

/** A file of a canned response, stored like attachments (ATTACHMENTS_DIR, generated name); copied onto replies. */
@Entity('canned_response_files')
@Index('canned_response_files_stored_name_uq', ['storedName'], { unique: true })
@Index('canned_response_files_canned_idx', ['cannedResponseId'])
export class CannedResponseFile {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(fkColumn)
  cannedResponseId: number;

  @ManyToOne(() => CannedResponse, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'canned_response_id', foreignKeyConstraintName: 'canned_response_files_canned_response_id_fk' })
  cannedResponse: CannedResponse;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 64 })
  storedName: string;

  @Column({ type: 'varchar', length: 128 })
  mimeType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const CANNED_ENTITIES = [CannedResponse, CannedResponseFile];
