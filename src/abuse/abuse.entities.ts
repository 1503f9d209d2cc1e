import { BannedSender } from './ban-list.entity';
import { UsedChallenge } from './used-challenge.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const ABUSE_ENTITIES = [BannedSender, UsedChallenge];
