import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { createdAtColumn, fkColumn, ID_TYPE, nullableFk } from '../database/columns';
import type { Staff } from '../staff/staff.entity';
import type { Ticket } from '../tickets/ticket.entity';
import type { User } from '../users/user.entity';

/**
 * The unguessable token of a tagged Reply-To (`support+<token>@...`): it proves which ticket a mail
 * answers and who it was sent to (an end user, or an agent, who may then post by mail as that agent).
 * Only the hash is stored.
 */
@Entity('mail_reply_tokens')
@Index('mail_reply_tokens_hash_uq', ['tokenHash'], { unique: true })
@Index('mail_reply_tokens_ticket_idx', ['ticketId'])
export class MailReplyToken {
  @PrimaryGeneratedColumn({ type: ID_TYPE })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column(fkColumn)
  ticketId: number;

  @ManyToOne('Ticket', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'mail_reply_tokens_ticket_id_fk' })
  ticket: Relation<Ticket>;

  @Column(nullableFk)
  userId: number | null;

  @ManyToOne('User', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'mail_reply_tokens_user_id_fk' })
  user: Relation<User> | null;

  @Column(nullableFk)
  staffId: number | null;

  @ManyToOne('Staff', { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'mail_reply_tokens_staff_id_fk' })
  staff: Relation<Staff> | null;

  @Column(createdAtColumn)
  createdAt: Date;
}
