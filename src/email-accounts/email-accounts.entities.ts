import { EmailAccount } from './email-account.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const EMAIL_ACCOUNTS_ENTITIES = [EmailAccount];
