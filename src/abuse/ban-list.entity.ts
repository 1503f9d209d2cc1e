import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { createdAtColumn, ID_TYPE, nullableFk } from '../database/columns';

export const BAN_KINDS = ['email', 'domain'] as const;
export type BanKind = (typeof BAN_KINDS)[number];

/**
 * One banned sender: a whole address ("spam@example.com") or a domain ("example.com", which also
 * covers its subdomains). Banned senders cannot open tickets (portal or mail) nor register.
 */
@Entity('banned_senders')
@Index('banned_senders_value_uq', ['value'], { unique: true })
export class BannedSender {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: BanKind;

  /** Lower-cased address or domain. */
  @Column({ type: 'varchar', length: 191 })
  value: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note: string | null;

  /** The agent who added it (no foreign key: the list outlives the agent). */
  @Column(nullableFk)
  createdBy: number | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
