import { PasswordResetToken } from './password-reset-token.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const ACCOUNT_SECURITY_ENTITIES = [PasswordResetToken];
