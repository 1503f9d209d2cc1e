import { OutboxMail } from '../mail/outbox-mail.entity';
import { PasswordResetToken } from './password-reset-token.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts); the mail outbox too, as one migration creates both. */
export const ACCOUNT_SECURITY_ENTITIES = [PasswordResetToken, OutboxMail];
