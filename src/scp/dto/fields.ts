/** A required select's id: digits only (converted with Number after validation). */
export const ID_PATTERN = /^\d{1,10}$/;
/** An optional select's id: '' means "none" / "keep". */
export const OPTIONAL_ID_PATTERN = /^(\d{1,10})?$/;

export const MAX_COMMENT_CHARS = 16_000;
export const MAX_TITLE_CHARS = 255;

/** The canned responses inserted into a reply: up to 20 ids, comma-separated ("3,5"). */
export const CANNED_IDS = /^(\d{1,10}(,\d{1,10}){0,19})?$/;
