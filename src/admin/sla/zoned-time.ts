import { formatDate } from '../../views/helpers/date.helper';

const weekdays = new Map<string, Intl.DateTimeFormat>();

/** "Fri 27 Nov 2026, 16:00" in `zone` (UTC when the zone is unknown). */
export function zonedText(at: Date, zone: string): string {
  let f = weekdays.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short' });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short' });
    }
    if (weekdays.size < 1000) weekdays.set(zone, f);
  }
  return `${f.format(at)} ${formatDate(at, 'd MMM yyyy, HH:mm', zone)}`;
}

/** 9 h, 1 h 30 min, 45 min. */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? (m > 0 ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}
