import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, datetimeColumn, ID_TYPE } from '../database/columns';

/** none: members see only their own tickets; all: members see every ticket of the organization's members. */
export const ORGANIZATION_SHARING = ['none', 'all'] as const;
export type OrganizationSharing = (typeof ORGANIZATION_SHARING)[number];

/** A company or group of end users. New users whose email domain is listed join it. */
@Entity('organizations')
@Index('organizations_name_uq', ['name'], { unique: true })
export class Organization {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  /** Lower-cased email domains, comma separated ("example.com,example.org"). */
  @Column({ type: 'varchar', length: 1000, default: '' })
  domains: string;

  @Column({ type: 'varchar', length: 16, default: 'none' })
  sharing: OrganizationSharing;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}
