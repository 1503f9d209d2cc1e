/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const ACCOUNT_SECURITY_ENTITIES: Function[] = [];
