import { EmailTemplate, EmailTemplateOptOut } from './email-template.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const NOTIFICATIONS_ENTITIES = [EmailTemplate, EmailTemplateOptOut];
