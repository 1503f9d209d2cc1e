/**
 * Ticket numbers from a mask: each `#` is a digit, every other character is copied as written
 * ("RD-######" -> "RD-000042"). Pure, so the rules are unit-tested; the allocator does the counting.
 *
 * Masks keep to letters, digits and dashes because numbers appear in portal URLs and mail subjects
 * (the portal accepts [A-Za-z0-9-]{1,32}). 4-12 `#` and at most 20 other characters keep every number
 * within the 32 characters the column holds, even after a sequential counter outgrows its `#`s
 * (a counter has at most 10 digits).
 */
export const TICKET_NUMBER_MASK_RULE =
  'Write the mask with 4 to 12 # signs (one per digit) and at most 20 letters, digits or dashes around them, e.g. RD-######.';

const MIN_DIGITS = 4;
const MAX_DIGITS = 12;
const MAX_LITERALS = 20;

export function isTicketNumberMask(mask: string): boolean {
  if (!/^[A-Za-z0-9#-]+$/.test(mask)) return false;
  const digits = digitCount(mask);
  return digits >= MIN_DIGITS && digits <= MAX_DIGITS && mask.length - digits <= MAX_LITERALS;
}

export function digitCount(mask: string): number {
  return mask.split('#').length - 1;
}

/**
 * The counter's value through the mask, zero-padded: (RD-######, 42) -> RD-000042. CASE: a counter
 * that outgrows the mask is never cut (that would repeat numbers): the extra digits widen the first
 * `#`, so (####, 12345) -> 12345, as osTicket's numbers grow past their padding.
 */
export function formatSequential(mask: string, value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a ticket counter value: ${value}`);
  const digits = String(value).padStart(digitCount(mask), '0');
  const first = mask.indexOf('#');
  let next = digits.length - 1;
  let result = '';
  for (let i = mask.length - 1; i >= 0; i--) {
    if (mask[i] !== '#') result = mask[i] + result;
    else if (i === first) result = digits.slice(0, next + 1) + result;
    else result = digits[next--] + result;
  }
  return result;
}

/** Random digits through the mask: (RD-######) -> RD-503917. `digit` returns 0-9 (crypto in production). */
export function formatRandom(mask: string, digit: () => number): string {
  return mask.replace(/#/g, () => String(digit()));
}
