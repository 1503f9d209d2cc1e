/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const FORMS_ENTITIES: Function[] = [];
