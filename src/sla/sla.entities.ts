import { TicketSlaPause } from './ticket-sla-pause.entity';

/** Entities this feature adds to the schema (collected by database/entities.ts). */
export const SLA_ENTITIES = [TicketSlaPause];
