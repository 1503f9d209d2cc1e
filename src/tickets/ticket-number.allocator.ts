import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import { DomainError } from '../common/errors';
import { TicketNumberFormat } from '../settings/settings.schema';
import { formatRandom, formatSequential } from '../settings/ticket-number-format';

const SEQUENCE = 'ticket_number';
const DEFAULT_FORMAT: TicketNumberFormat = { mode: 'sequential', mask: '######' };

/** How many numbers one opening tries before giving up (see `allocate`). */
export const MAX_NUMBER_ATTEMPTS = 10;

/**
 * Ticket numbers in the help desk's format (settings: ticketNumberFormat). Sequential numbers come from
 * a counter row incremented in the caller's transaction (SECURITY 8: never MAX()+1): the UPDATE takes
 * the row lock first, so concurrent openings queue on it and each reads its own value; SQLite serialises
 * writers anyway. Random numbers are random digits in the mask, and the unique index on tickets.number
 * is what checks them.
 */
@Injectable()
export class TicketNumberAllocator {
  private readonly logger = new Logger(TicketNumberAllocator.name);

  /** The next counter value through the mask ("######" -> "000042"), in the caller's transaction. */
  async next(manager: EntityManager, mask = DEFAULT_FORMAT.mask): Promise<string> {
    await manager.query('UPDATE sequences SET next_value = next_value + 1 WHERE name = ?', [SEQUENCE]);
    const rows: { value: number | string }[] = await manager.query('SELECT next_value - 1 AS value FROM sequences WHERE name = ?', [SEQUENCE]);
    return formatSequential(mask, Number(rows[0].value));
  }

  /**
   * Runs `insert` with a number in `format` and returns its result. CASE: a number already taken (a
   * random one drawn twice, or a counter value that a number from an earlier format already holds)
   * makes the INSERT fail on the unique index `tickets_number_uq`; the failed statement alone is rolled
   * back (SQLite and MySQL/MariaDB alike), so the same transaction tries a fresh number, up to
   * MAX_NUMBER_ATTEMPTS times. Checking the index by inserting, rather than looking first, also covers two
   * openings that draw the same number at the same moment. Then it gives up with a 503: the mask is
   * (nearly) full and an admin should widen it.
   */
  async allocate<T>(manager: EntityManager, format: TicketNumberFormat, insert: (number: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const number = format.mode === 'random' ? formatRandom(format.mask, () => randomInt(10)) : await this.next(manager, format.mask);
      try {
        return await insert(number);
      } catch (err) {
        if (!isTicketNumberClash(err)) throw err;
        if (attempt >= MAX_NUMBER_ATTEMPTS) {
          this.logger.warn(`no free ticket number in ${MAX_NUMBER_ATTEMPTS} tries with the ${format.mode} mask "${format.mask}": widen the mask in the settings`);
          throw new DomainError('service_unavailable', 'We could not give your ticket a number just now. Please try again in a minute.');
        }
      }
    }
  }
}

/** A duplicate key on tickets.number (better-sqlite3: SQLITE_CONSTRAINT_UNIQUE; mysql2: ER_DUP_ENTRY). */
export function isTicketNumberClash(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = (err.driverError ?? {}) as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof driver.code === 'string' ? driver.code : '';
  const duplicate = code === 'ER_DUP_ENTRY' || driver.errno === 1062 || code.startsWith('SQLITE_CONSTRAINT');
  return duplicate && /tickets_number_uq|tickets\.number/.test(`${err.message} ${String(driver.message ?? '')}`);
}
