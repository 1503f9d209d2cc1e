import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableDatetime, nullableFk } from '../database/columns';

/** What an API key may do; each /api route names the one it needs. */
export const API_SCOPES = ['tickets.create', 'tickets.email', 'tickets.read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * A key for machines calling /api (SECURITY 13): the plain key is shown once when it is made and only
 * its SHA-256 is stored. A key is never deleted, only revoked, so the audit log keeps pointing at it.
 */
@Entity('api_keys')
@Index('api_keys_key_hash_uq', ['keyHash'], { unique: true })
export class ApiKey {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  /** The key's first characters, so an admin can tell keys apart; too short to be of use to anyone else. */
  @Column({ type: 'varchar', length: 16 })
  keyPrefix: string;

  /** SHA-256 (hex) of the whole key. */
  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'simple-json' })
  scopes: ApiScope[];

  /** Addresses and CIDR ranges the key may be used from; empty means any. */
  @Column({ type: 'simple-json' })
  ipAllowlist: string[];

  /**
   * The agent who made it. No foreign key, like the audit log's actor: a key must not stop an agent
   * record from being removed, and the audit log names who created it anyway.
   */
  @Column(nullableFk)
  createdBy: number | null;

  @Column(createdAtColumn)
  createdAt: Date;

  /** Updated at most once a minute (with the `api_key.used` audit record), not on every call. */
  @Column(nullableDatetime)
  lastUsedAt: Date | null;

  @Column(nullableDatetime)
  revokedAt: Date | null;
}

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const API_KEYS_ENTITIES = [ApiKey];
