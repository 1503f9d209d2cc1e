/** A required id from a select or checkbox: digits, no leading zero (converted with Number after validation). */
export const ID_PATTERN = /^[1-9]\d{0,9}$/;
/** An optional select's id: '' means none. */
export const OPTIONAL_ID_PATTERN = /^([1-9]\d{0,9})?$/;
