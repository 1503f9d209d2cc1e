/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const SETTINGS_ENTITIES: Function[] = [];
