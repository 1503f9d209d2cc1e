import { notFound } from '../../common/errors';

const ID = /^[1-9]\d{0,9}$/;
const TICKET_NUMBER = /^[A-Za-z0-9-]{1,32}$/;

/** A path id as a positive integer; anything else is a file that does not exist (404), not a 400. */
export function parseId(value: unknown, what = 'page'): number {
  if (typeof value !== 'string' || !ID.test(value) || Number(value) > 2_147_483_647) throw notFound(what);
  return Number(value);
}

/** A ticket number from the path; one that cannot be a number is a ticket that does not exist. */
export function parseTicketNumber(value: unknown): string {
  if (typeof value !== 'string' || !TICKET_NUMBER.test(value)) throw notFound('ticket');
  return value;
}
