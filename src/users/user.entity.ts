import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE, nullableFk } from '../database/columns';
import type { Organization } from '../organizations/organization.entity';

/** An end user (client), identified by email. */
@Entity('users')
@Index('users_email_uq', ['email'], { unique: true })
@Index('users_organization_idx', ['organizationId', 'id'])
@Index('users_name_idx', ['name', 'id'])
@Index('users_phone_idx', ['phone', 'id'])
export class User {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 191 })
  email: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column(nullableFk)
  organizationId: number | null;

  @ManyToOne('Organization', { onDelete: 'SET NULL', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'users_organization_id_fk' })
  organization: Relation<Organization> | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}
