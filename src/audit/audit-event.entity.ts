import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE } from '../database/columns';

export type AuditActorType = 'staff' | 'user' | 'api' | 'system';

/**
 * One admin change (with before and after) or security event. Rows are only ever inserted: the app
 * has no code path that updates or deletes them.
 */
@Entity('audit_events')
@Index('audit_events_created_at_idx', ['createdAt', 'id'])
@Index('audit_events_action_idx', ['action', 'id'])
@Index('audit_events_actor_idx', ['actorType', 'actorId', 'id'])
@Index('audit_events_target_idx', ['targetType', 'targetId', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column({ type: 'varchar', length: 16 })
  actorType: AuditActorType;

  @Column({ type: ID_TYPE, nullable: true })
  actorId: number | null;

  /** Who it was as shown then; for a failed login, the name that was tried. */
  @Column({ type: 'varchar', length: 191 })
  actorName: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;

  /** Dotted name: "department.updated", "auth.login_failed", "api_key.revoked", ... */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  targetType: string | null;

  @Column({ type: ID_TYPE, nullable: true })
  targetId: number | null;

  @Column({ type: 'varchar', length: 191, nullable: true })
  targetLabel: string | null;

  @Column({ type: 'simple-json', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  after: Record<string, unknown> | null;
}
