import type { AppConfig } from '../config/app-config';
import { isTicketNumberMask, TICKET_NUMBER_MASK_RULE } from './ticket-number-format';

/**
 * Every install-wide setting in one place: its type, its default and its validation. Pure (no Nest, no
 * database) so the admin form, the service and the unit specs read the same rules. Rules that need the
 * database (does department 3 exist? is help topic 2 public?) live in SettingsService.
 *
 * The default status, priority and SLA plan are not settings: they are the `is_default` flags of their
 * rows, managed on the Ticket Statuses, Priorities and SLA Plans pages, so one place says which is the default.
 */

export type TicketNumberMode = 'sequential' | 'random';
export interface TicketNumberFormat {
  readonly mode: TicketNumberMode;
  /** `#` is a digit, anything else is copied as written: "RD-######" -> "RD-000042". */
  readonly mask: string;
}
export type ClientRegistration = 'guests' | 'public' | 'invite';
export type ReopenPolicy = 'reopen' | 'new_ticket';

export interface Settings {
  readonly helpdeskName: string;
  readonly helpdeskUrl: string;
  readonly defaultDepartmentId: number;
  readonly defaultHelpTopicId: number | null;
  readonly ticketNumberFormat: TicketNumberFormat;
  readonly attachmentMaxMb: number;
  readonly attachmentMaxFiles: number;
  /** Extensions (".pdf") and MIME patterns ("image/*"), lower case; empty = any type. */
  readonly allowedFileTypes: readonly string[];
  readonly clientRegistration: ClientRegistration;
  /** Public portal forms ask a small arithmetic question (self-hosted, no third-party service). */
  readonly portalCaptcha: boolean;
  /** Users may close their own tickets from the portal. */
  readonly usersMayCloseTickets: boolean;
  readonly reopenPolicy: ReopenPolicy;
  readonly timezone: string;
  readonly dateFormat: DateFormat;
  readonly autoresponderEnabled: boolean;
  readonly alertsEnabled: boolean;
  /** 0 = no limit. */
  readonly maxOpenTicketsPerUser: number;
  /** Inbound mail: the Cc recipients of a mail become collaborators of its ticket. */
  readonly emailCcAsCollaborators: boolean;
  /** Inbound mail: automatic replies to one sender per hour (SECURITY 10); 0 = none by mail. */
  readonly autoresponsesPerSenderPerHour: number;
  readonly defaultPageSize: number;
}
export type SettingKey = keyof Settings;

/** What a caller may submit: any subset of the keys, each as a typed value or as form text. */
export type SettingsInput = { [K in SettingKey]?: unknown };

/** The date formats an admin may choose, each with how 23 Nov 2026, 14:05 looks in it. */
export const DATE_FORMATS = [
  { pattern: 'd MMM yyyy, HH:mm', example: '23 Nov 2026, 14:05' },
  { pattern: 'MM/dd/yyyy h:mm a', example: '11/23/2026 2:05 PM' },
  { pattern: 'yyyy-MM-dd HH:mm', example: '2026-11-23 14:05' },
  { pattern: 'dd/MM/yyyy HH:mm', example: '23/11/2026 14:05' },
  { pattern: 'dd.MM.yyyy HH:mm', example: '23.11.2026 14:05' },
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number]['pattern'];

export const CLIENT_REGISTRATION_MODES: readonly ClientRegistration[] = ['guests', 'public', 'invite'];
export const REOPEN_POLICIES: readonly ReopenPolicy[] = ['reopen', 'new_ticket'];
export const TICKET_NUMBER_MODES: readonly TicketNumberMode[] = ['sequential', 'random'];

/** The environment's part: defaults taken from it, and the ceilings the transport enforces. */
export interface SettingsContext {
  helpdeskName: string;
  publicUrl: string;
  /** ATTACHMENT_MAX_MB: the upload parser refuses anything larger, whatever the settings say. */
  maxAttachmentMb: number;
  /** ATTACHMENT_MAX_FILES. */
  maxAttachmentFiles: number;
}

export function settingsContext(config: AppConfig): SettingsContext {
  return {
    helpdeskName: config.helpdeskName,
    publicUrl: config.publicUrl,
    maxAttachmentMb: Math.floor(config.attachments.maxBytes / 1024 / 1024),
    maxAttachmentFiles: config.attachments.maxFiles,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
type Parser<T> = (raw: unknown, ctx: SettingsContext) => Parsed<T>;

interface SettingSpec<T> {
  default: (ctx: SettingsContext) => T;
  /** Accepts the stored JSON value or the form's text; returns the normalised value or a message. */
  parse: Parser<T>;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function text(required: string, max: number, tooLong: string): Parser<string> {
  return (raw) => {
    if (typeof raw !== 'string' || raw.trim() === '') return fail(required);
    const value = raw.trim();
    if (value.length > max) return fail(tooLong);
    if (CONTROL_CHARS.test(value)) return fail(required);
    return ok(value);
  };
}

function httpUrl(message: string): Parser<string> {
  return (raw) => {
    if (typeof raw !== 'string') return fail(message);
    const value = raw.trim().replace(/\/+$/, '');
    if (value.length > 255 || !/^https?:\/\/[^\s/?#]+/i.test(value)) return fail(message);
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? ok(value) : fail(message);
    } catch {
      return fail(message);
    }
  };
}

/** A whole number, as a number or as the digits a form sends. */
function toInt(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : null;
  if (typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

function int(min: number, max: (ctx: SettingsContext) => number, message: (ctx: SettingsContext) => string, above?: (ctx: SettingsContext) => string): Parser<number> {
  return (raw, ctx) => {
    const value = toInt(raw);
    if (value === null || value < min) return fail(message(ctx));
    if (value > max(ctx)) return fail((above ?? message)(ctx));
    return ok(value);
  };
}

const MAX_ID = 2_147_483_647;

function id(message: string): Parser<number> {
  return (raw) => {
    const value = typeof raw === 'string' && /^[1-9]\d{0,9}$/.test(raw.trim()) ? Number(raw.trim()) : typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? raw : null;
    return value !== null && value <= MAX_ID ? ok(value) : fail(message);
  };
}

/** An id, or none: an empty choice ("— None —") or null. */
function optionalId(message: string): Parser<number | null> {
  const required = id(message);
  return (raw, ctx) => (raw === null || raw === '' ? ok(null) : required(raw, ctx));
}

function oneOf<T extends string>(choices: readonly T[], message: string): Parser<T> {
  return (raw) => (typeof raw === 'string' && (choices as readonly string[]).includes(raw) ? ok(raw as T) : fail(message));
}

/** A checkbox ("0", "1", or ["0", "1"] from shared/checkbox-field) or a stored boolean. */
const flag: Parser<boolean> = (raw) => {
  const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (typeof last === 'boolean') return ok(last);
  if (last === '1' || last === 'true' || last === 'on') return ok(true);
  if (last === '0' || last === 'false' || last === undefined) return ok(false);
  return fail('This field is invalid.');
};

const timeZone: Parser<string> = (raw) => {
  const zone = canonicalTimeZone(raw);
  return zone ? ok(zone) : fail('Choose a time zone from the list.');
};

/** The IANA name as Intl spells it ("europe/berlin" -> "Europe/Berlin"), or null when Intl does not know it. */
export function canonicalTimeZone(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: raw.trim() }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The time zones offered in the form: UTC first, then every zone this Node.js knows. */
export function timeZoneChoices(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

const MAX_FILE_TYPES = 50;
const EXTENSION = /^\.[a-z0-9][a-z0-9_-]{0,15}$/;
const MIME_PATTERN = /^[a-z0-9][a-z0-9.+-]{0,63}\/(\*|[a-z0-9][a-z0-9.+-]{0,63})$/;

/**
 * A list of file types, from a stored array or the form's text (separated by commas, spaces or lines).
 * Lower-cased and de-duplicated; a bare word ("pdf") means that extension.
 */
const fileTypes: Parser<readonly string[]> = (raw) => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,;]+/) : null;
  if (!items || items.some((item) => typeof item !== 'string')) return fail('List file types like .pdf or image/*.');
  const types: string[] = [];
  for (const item of items as string[]) {
    const entry = item.trim().toLowerCase();
    if (entry === '') continue;
    const normalised = /^[a-z0-9]+$/.test(entry) ? `.${entry}` : entry;
    if (!EXTENSION.test(normalised) && !MIME_PATTERN.test(normalised)) {
      return fail(`“${entry.slice(0, 40)}” is not a file type: list extensions like .pdf or MIME types like image/*.`);
    }
    if (!types.includes(normalised)) types.push(normalised);
  }
  return types.length > MAX_FILE_TYPES ? fail(`List at most ${MAX_FILE_TYPES} file types.`) : ok(types);
};

const ticketNumberFormat: Parser<TicketNumberFormat> = (raw) => {
  const value = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (typeof value.mode !== 'string' || !(TICKET_NUMBER_MODES as readonly string[]).includes(value.mode)) {
    return fail('Choose sequential or random ticket numbers.');
  }
  const mask = typeof value.mask === 'string' ? value.mask.trim() : '';
  if (!isTicketNumberMask(mask)) return fail(TICKET_NUMBER_MASK_RULE);
  return ok({ mode: value.mode as TicketNumberMode, mask });
};

export const SETTINGS_SCHEMA: { readonly [K in SettingKey]: SettingSpec<Settings[K]> } = {
  helpdeskName: {
    default: (ctx) => ctx.helpdeskName,
    parse: text('Enter the help desk name.', 100, 'The help desk name must be at most 100 characters.'),
  },
  helpdeskUrl: {
    default: (ctx) => ctx.publicUrl,
    parse: httpUrl('Enter the address of the help desk, starting with http:// or https://.'),
  },
  defaultDepartmentId: { default: () => 1, parse: id('Choose a department from the list.') },
  defaultHelpTopicId: { default: () => null, parse: optionalId('Choose a help topic from the list.') },
  ticketNumberFormat: { default: () => ({ mode: 'sequential', mask: '######' }), parse: ticketNumberFormat },
  attachmentMaxMb: {
    default: (ctx) => ctx.maxAttachmentMb,
    parse: int(1, (ctx) => ctx.maxAttachmentMb, (ctx) => `Enter a whole number of megabytes from 1 to ${ctx.maxAttachmentMb}.`,
      (ctx) => `At most ${ctx.maxAttachmentMb} MB: that is the server's limit (ATTACHMENT_MAX_MB).`),
  },
  attachmentMaxFiles: {
    default: (ctx) => ctx.maxAttachmentFiles,
    parse: int(0, (ctx) => ctx.maxAttachmentFiles, (ctx) => `Enter a whole number of files from 0 (no attachments) to ${ctx.maxAttachmentFiles}.`,
      (ctx) => `At most ${ctx.maxAttachmentFiles}: that is the server's limit (ATTACHMENT_MAX_FILES).`),
  },
  allowedFileTypes: { default: () => [], parse: fileTypes },
  clientRegistration: { default: () => 'guests', parse: oneOf(CLIENT_REGISTRATION_MODES, 'Choose who may use the portal from the list.') },
  portalCaptcha: { default: () => false, parse: flag },
  usersMayCloseTickets: { default: () => false, parse: flag },
  reopenPolicy: { default: () => 'reopen', parse: oneOf(REOPEN_POLICIES, 'Choose what a reply to a closed ticket does from the list.') },
  timezone: { default: () => 'UTC', parse: timeZone },
  dateFormat: { default: () => 'd MMM yyyy, HH:mm', parse: oneOf(DATE_FORMATS.map((f) => f.pattern), 'Choose a date format from the list.') },
  autoresponderEnabled: { default: () => true, parse: flag },
  alertsEnabled: { default: () => true, parse: flag },
  maxOpenTicketsPerUser: { default: () => 0, parse: int(0, () => 1000, () => 'Enter a whole number from 0 (no limit) to 1000.') },
  emailCcAsCollaborators: { default: () => true, parse: flag },
  autoresponsesPerSenderPerHour: { default: () => 5, parse: int(0, () => 100, () => 'Enter a whole number from 0 (no automatic replies by mail) to 100.') },
  defaultPageSize: { default: () => 25, parse: int(10, () => 100, () => 'Enter a page size from 10 to 100.') },
};

export const SETTING_KEYS = Object.keys(SETTINGS_SCHEMA) as SettingKey[];

const isSettingKey = (key: string): key is SettingKey => Object.prototype.hasOwnProperty.call(SETTINGS_SCHEMA, key);

export function defaultSettings(ctx: SettingsContext): Settings {
  return freezeSettings(Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS_SCHEMA[key].default(ctx)])) as unknown as Settings);
}

/**
 * Validates the given keys (others are ignored): the normalised values, and one message per bad
 * field. Nothing is half-applied: callers save only when `errors` is empty.
 */
export function parseSettings(input: SettingsInput, ctx: SettingsContext): { values: Partial<Settings>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(input)) {
    if (!isSettingKey(key) || raw === undefined) continue;
    const parsed = (SETTINGS_SCHEMA[key].parse as Parser<unknown>)(raw, ctx);
    if (parsed.ok) values[key] = parsed.value;
    else errors[key] = parsed.message;
  }
  return { values: values as Partial<Settings>, errors };
}

/**
 * The effective settings from the stored rows: each stored value that still passes its rule, the
 * default for the rest. CASE: a stored value that no longer fits (ATTACHMENT_MAX_MB lowered below it,
 * a time zone this Node.js no longer knows, a hand-edited row) falls back to the default rather than
 * breaking every page; `rejected` names those keys so the caller can log them.
 */
export function resolveSettings(stored: Record<string, string>, ctx: SettingsContext): { settings: Settings; rejected: SettingKey[] } {
  const resolved: Record<string, unknown> = {};
  const rejected: SettingKey[] = [];
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS_SCHEMA[key] as SettingSpec<unknown>;
    resolved[key] = spec.default(ctx);
    if (!Object.prototype.hasOwnProperty.call(stored, key)) continue;
    const parsed = spec.parse(decodeJson(stored[key]), ctx);
    if (parsed.ok) resolved[key] = parsed.value;
    else rejected.push(key);
  }
  return { settings: freezeSettings(resolved as unknown as Settings), rejected };
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const encodeSetting = (value: unknown): string => JSON.stringify(value);

/**
 * A flat copy for the audit log, which keeps plain values only: `ticketNumberFormat` becomes
 * `ticketNumberFormat.mode` and `ticketNumberFormat.mask`.
 */
export function flattenSettings(values: Partial<Settings>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) flat[`${key}.${inner}`] = innerValue;
    } else {
      flat[key] = Array.isArray(value) ? [...value] : value;
    }
  }
  return flat;
}

function freezeSettings(settings: Settings): Settings {
  for (const value of Object.values(settings)) if (value && typeof value === 'object') Object.freeze(value);
  return Object.freeze(settings);
}
