/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const JOBS_ENTITIES = [];
