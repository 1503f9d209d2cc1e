import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, datetimeColumn, fkColumn, ID_TYPE, nullableDatetime } from '../database/columns';
import type { User } from '../users/user.entity';

/**
 * A portal login for an end user (a `users` row). No password yet: invited and not accepted. Not
 * verified: signed up, the confirmation link not used yet; such an account cannot log in.
 */
@Entity('portal_accounts')
export class PortalAccount {
  @PrimaryColumn({ type: ID_TYPE })
  userId: number;

  @OneToOne('User', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'portal_accounts_user_id_fk' })
  user: Relation<User>;

  /** argon2id; never selected unless asked for. */
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

  @Column(nullableDatetime)
  verifiedAt: Date | null;

  @Column(createdAtColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  updatedAt: Date;
}

export const ACCOUNT_TOKEN_PURPOSES = ['verify', 'reset', 'invite'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** A link mailed to an end user (confirm the address, reset the password, accept an invitation): hash only, single use, expiring. */
@Entity('portal_account_tokens')
@Index('portal_account_tokens_hash_uq', ['tokenHash'], { unique: true })
@Index('portal_account_tokens_user_idx', ['userId'])
export class PortalAccountToken {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(fkColumn)
  userId: number;

  @ManyToOne('User', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'portal_account_tokens_user_id_fk' })
  user: Relation<User>;

  @Column({ type: 'varchar', length: 16 })
  purpose: AccountTokenPurpose;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column(nullableDatetime)
  usedAt: Date | null;

  @Column(createdAtColumn)
  createdAt: Date;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const PORTAL_ACCOUNTS_ENTITIES = [PortalAccount, PortalAccountToken];
