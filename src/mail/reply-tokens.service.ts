import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { MailReplyToken } from './mail-reply-token.entity';

export type ReplyTokenHolder = { userId: number; staffId?: never } | { staffId: number; userId?: never };

/** Issues and resolves the tokens of tagged Reply-To addresses (see MailReplyToken). */
@Injectable()
export class ReplyTokensService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new token for one recipient of one ticket's mail, written in the caller's transaction. */
  async issue(manager: EntityManager, ticketId: number, holder: ReplyTokenHolder): Promise<string> {
    const token = newSecretToken('hex');
    await manager.insert(MailReplyToken, {
      tokenHash: hashSecretToken(token), ticketId, userId: holder.userId ?? null, staffId: holder.staffId ?? null,
    });
    return token;
  }

  /** The ticket and recipient a token was issued for, or null. Case-insensitive: some servers lower-case addresses. */
  async resolve(token: string, manager: EntityManager = this.db.manager): Promise<MailReplyToken | null> {
    if (!/^[0-9a-f]{40}$/i.test(token)) return null;
    return manager.findOneBy(MailReplyToken, { tokenHash: hashSecretToken(token.toLowerCase()) });
  }
}
