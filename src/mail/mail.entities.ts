import { MailReplyToken } from './mail-reply-token.entity';
import { OutboxMail } from './outbox-mail.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const MAIL_ENTITIES = [OutboxMail, MailReplyToken];
