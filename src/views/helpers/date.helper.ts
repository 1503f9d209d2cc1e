const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The part of Handlebars' options object this helper reads: the help desk's settings on the root context. */
type DateHelperOptions = { data?: { root?: { dateFormat?: unknown; timezone?: unknown } } };

export const DEFAULT_DATE_FORMAT = 'd MMM yyyy, HH:mm';

/**
 * `{{date createdAt}}`: an ISO-8601 string -> "23 Nov 2026, 14:05", in the help desk's date format and
 * time zone (`dateFormat` and `timezone` on the root context, from the settings); without them, the
 * format above in UTC. Formatted by hand rather than with Intl's month names so the output does not
 * drift with the ICU version (en-GB has changed "Sep" to "Sept"); Intl only converts to the time zone,
 * as numbers. Empty string for null, empty or unparseable input.
 */
export function date(value: unknown, options?: DateHelperOptions): string {
  if (value === null || value === undefined || value === '') return '';
  const parsed = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(parsed.getTime())) return '';
  const root = options?.data?.root;
  const format = typeof root?.dateFormat === 'string' && root.dateFormat ? root.dateFormat : DEFAULT_DATE_FORMAT;
  const timezone = typeof root?.timezone === 'string' && root.timezone ? root.timezone : 'UTC';
  return formatDate(parsed, format, timezone);
}

interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
}

const TOKENS = /yyyy|MMM|MM|dd|d|HH|h|mm|a/g;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Formats with the tokens the settings' formats use: yyyy, MMM (Nov), MM, dd, d, HH (24-hour), h
 * (12-hour), mm, a (AM/PM). Any other character is copied. An unknown time zone falls back to UTC.
 */
export function formatDate(value: Date, format: string, timezone: string): string {
  const p = partsIn(value, timezone);
  return format.replace(TOKENS, (token) => {
    switch (token) {
      case 'yyyy': return String(p.year);
      case 'MMM': return MONTHS[p.month - 1];
      case 'MM': return pad(p.month);
      case 'dd': return pad(p.day);
      case 'd': return String(p.day);
      case 'HH': return pad(p.hour);
      case 'h': return String(p.hour % 12 === 0 ? 12 : p.hour % 12);
      case 'mm': return pad(p.minute);
      default: return p.hour < 12 ? 'AM' : 'PM';
    }
  });
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function partsIn(value: Date, timezone: string): DateParts {
  const formatter = timezone === 'UTC' ? null : formatterFor(timezone);
  if (!formatter) {
    return { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate(), hour: value.getUTCHours(), minute: value.getUTCMinutes() };
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(value)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** One formatter per time zone (building one is slow); null for a zone Intl does not know. */
function formatterFor(timezone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = createFormatter(timezone);
    // The zones come from the settings, so the cache stays small; the cap only guards against misuse.
    if (formatters.size < 1000) formatters.set(timezone, formatter);
  }
  return formatter;
}

function createFormatter(timezone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
    });
  } catch {
    return null;
  }
}
