import { Transform } from 'class-transformer';

/** Trims text fields; anything that is not a string (an array from a repeated field) is left to fail validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A checkbox rendered by `shared/checkbox-field` posts "0" then "1" when ticked, so the body holds
 * "0" or ["0", "1"]: the last value wins.
 */
export const Checkbox = () =>
  Transform(({ value }) => {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return last === '1' || last === 'on' || last === 'true' || last === true;
  });

/** Give the DTO property a default (`= false`, `= []`): class-transformer skips keys that were not sent. */

/** A repeated field (checkbox group, multi-select) as a string array, whether zero, one or many were sent. */
export const StringList = () =>
  Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));
