/**
 * How the user directory reads a search term: what the agent typed decides the one column searched, so
 * every search walks one index in that column's order (users_email_uq, users_phone_idx, users_name_idx)
 * and pages by keyset, never sorting or counting every match.
 */
export type UserSearchColumn = 'email' | 'phone' | 'name';

export interface UserSearch {
  column: UserSearchColumn;
  /** The prefix to match (lower-cased for email, which is stored lower-cased). */
  prefix: string;
}

/** A phone number's start: digits and the separators people type, with at least two digits. */
const PHONE = /^\+?[\d\s().x/-]+$/i;

export function readUserSearch(term: string): UserSearch | null {
  const text = term.trim();
  if (!text) return null;
  if (text.includes('@')) return { column: 'email', prefix: text.toLowerCase() };
  if (PHONE.test(text) && (text.match(/\d/g) ?? []).length >= 2) return { column: 'phone', prefix: text };
  return { column: 'name', prefix: text };
}

/** A page cursor: the last row's searched value and id ("after" them in the column's order). */
export interface UserCursor {
  value: string;
  id: number;
}
