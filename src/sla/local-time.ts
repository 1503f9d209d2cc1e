/**
 * Wall-clock times typed into forms (`<input type="datetime-local">`, "YYYY-MM-DDTHH:mm") and the instants
 * they mean in an IANA time zone. Pure.
 */

import { wallMs } from './zone-clock';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-11-27T16:00" as a wall time in ms (UTC-based), or null when it is not a real date and time. */
export function parseLocalDateTime(text: string): number | null {
  const m = LOCAL.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (h > 23 || mi > 59 || y < 1000) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  return new Date(wall).toISOString().slice(0, 16) === text ? wall : null;
}

/**
 * The instant a local wall time names in `zone`, or null when the text is not a real date and time.
 * CASE: a repeated wall time (fall-back) means its first occurrence; a skipped one (spring-forward) means
 * the same clock reading after the gap (the offset before the change applied), like most calendars do.
 */
export function localToInstant(text: string, zone: string): Date | null {
  const wall = parseLocalDateTime(text);
  if (wall === null) return null;
  const candidates = [wall - (wallMs(zone, wall - 86_400_000) - (wall - 86_400_000)), wall - (wallMs(zone, wall + 86_400_000) - (wall + 86_400_000))];
  const fits = candidates.filter((t) => wallMs(zone, t) === wall);
  return new Date(fits.length > 0 ? Math.min(...fits) : candidates[0]);
}

/** The instant as "YYYY-MM-DDTHH:mm" in `zone` (for a datetime-local input's value). */
export function instantToLocal(at: Date, zone: string): string {
  return new Date(wallMs(zone, Math.floor(at.getTime() / 60_000) * 60_000)).toISOString().slice(0, 16);
}
