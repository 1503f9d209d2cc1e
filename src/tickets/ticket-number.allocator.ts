import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

const SEQUENCE = 'ticket_number';

/**
 * Ticket numbers from a counter row, incremented in the caller's transaction (SECURITY 8: never
 * MAX()+1). The UPDATE takes the row lock first, so concurrent openings queue on it and each reads its
 * own value; SQLite serialises writers anyway.
 */
@Injectable()
export class TicketNumberAllocator {
  async next(manager: EntityManager): Promise<string> {
    await manager.query('UPDATE sequences SET next_value = next_value + 1 WHERE name = ?', [SEQUENCE]);
    const rows: { value: number | string }[] = await manager.query('SELECT next_value - 1 AS value FROM sequences WHERE name = ?', [SEQUENCE]);
    return formatTicketNumber(Number(rows[0].value));
  }
}

/** Six digits at least, like osTicket's numbers: 000042. */
export function formatTicketNumber(value: number): string {
  return String(value).padStart(6, '0');
}
