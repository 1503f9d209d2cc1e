import { Setting } from './setting.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const SETTINGS_ENTITIES = [Setting];
