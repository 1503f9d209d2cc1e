import { Organization } from './organization.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const ORGANIZATIONS_ENTITIES = [Organization];
