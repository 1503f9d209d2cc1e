/**
 * Custom field answers: what each field type accepts, how an answer is stored (text), and how it reads
 * back. Pure (no Nest, no TypeORM), so the portal form, the staff page and the API check answers alike.
 */

export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'choice', 'multichoice', 'checkbox', 'email', 'phone'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Short text', textarea: 'Long text', number: 'Number', date: 'Date', choice: 'Choice (pick one)',
  multichoice: 'Multiple choice', checkbox: 'Checkbox', email: 'Email address', phone: 'Phone number',
};

/** 'all': the user and agents see it; 'agents': agents only. */
export const FIELD_VISIBILITIES = ['all', 'agents'] as const;
export type FieldVisibility = (typeof FIELD_VISIBILITIES)[number];

/** Types whose answers come from the field's list of choices. */
export const CHOICE_TYPES: readonly FieldType[] = ['choice', 'multichoice'];

export const FIELD_NAME_PATTERN = /^[a-z0-9_]{1,64}$/;
export const MAX_CHOICES = 50;
export const MAX_CHOICE_LENGTH = 120;

/** Longest answer per type, in characters. Long text stays well inside a MySQL TEXT column. */
export const MAX_LENGTH: Record<FieldType, number> = {
  text: 255, textarea: 8_000, number: 32, date: 10, choice: MAX_CHOICE_LENGTH, multichoice: 8_000, checkbox: 1, email: 191, phone: 32,
};

/** What the rules need to know about a field. */
export interface FieldRule {
  name: string;
  label: string;
  type: FieldType;
  choices: string[] | null;
  isRequired: boolean;
}

/** A submitted answer as the body parser gives it: one string, several (repeated inputs), or nothing. */
export type SubmittedValue = string | string[] | undefined;

export type FieldCheck = { ok: true; value: string | null } | { ok: false; message: string };

/** The form input that carries a field's answer: `cf_<name>`, apart from the core fields of any form. */
export const fieldInputName = (name: string): string => `cf_${name}`;

const NUMBER = /^[+-]?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const PHONE = /^[0-9+()./ x-]*\d[0-9+()./ x-]*$/i;

/**
 * Checks one answer and returns what to store: `null` for an empty answer (no row), otherwise the
 * normalised text (trimmed; a multiple choice as a JSON array in the order of the choices; a checkbox
 * as "1" or "0"). CASE: a required checkbox must be ticked; a required multiple choice needs one pick.
 */
export function checkFieldValue(field: FieldRule, submitted: SubmittedValue): FieldCheck {
  if (field.type === 'multichoice') return checkMultichoice(field, submitted);
  if (field.type === 'checkbox') return checkCheckbox(field, submitted);
  // A single-value field sent twice (a crafted body) counts as its last value, like a checkbox.
  const raw = Array.isArray(submitted) ? submitted[submitted.length - 1] : submitted;
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return field.isRequired ? fail(`${field.label} is required.`) : { ok: true, value: null };
  if (value.length > MAX_LENGTH[field.type]) return fail(`${field.label} must be at most ${MAX_LENGTH[field.type].toLocaleString('en-US')} characters.`);
  switch (field.type) {
    case 'number':
      return NUMBER.test(value) ? { ok: true, value } : fail(`${field.label} must be a number, like 42 or 3.5.`);
    case 'date':
      return isCalendarDate(value) ? { ok: true, value } : fail(`${field.label} must be a date written YYYY-MM-DD.`);
    case 'choice':
      return (field.choices ?? []).includes(value) ? { ok: true, value } : fail(`Choose ${field.label} from the list.`);
    case 'email':
      return EMAIL.test(value) ? { ok: true, value } : fail(`${field.label} must be an email address.`);
    case 'phone':
      return PHONE.test(value) ? { ok: true, value } : fail(`${field.label} must be a phone number with digits, spaces and + ( ) - only.`);
    default:
      return { ok: true, value };
  }
}

function checkMultichoice(field: FieldRule, submitted: SubmittedValue): FieldCheck {
  const picked = (Array.isArray(submitted) ? submitted : submitted === undefined ? [] : [submitted])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const choices = field.choices ?? [];
  if (picked.some((v) => !choices.includes(v))) return fail(`Choose ${field.label} from the list.`);
  if (picked.length === 0) return field.isRequired ? fail(`${field.label}: choose at least one.`) : { ok: true, value: null };
  return { ok: true, value: JSON.stringify(choices.filter((c) => picked.includes(c))) };
}

/** The checkbox partial posts "0" then "1" when ticked: the last value wins. Not sent at all: no answer. */
function checkCheckbox(field: FieldRule, submitted: SubmittedValue): FieldCheck {
  if (submitted === undefined) return field.isRequired ? fail(`${field.label} must be ticked.`) : { ok: true, value: null };
  const last = Array.isArray(submitted) ? submitted[submitted.length - 1] : submitted;
  const ticked = last === '1' || last === 'on' || last === 'true';
  if (!ticked && field.isRequired) return fail(`${field.label} must be ticked.`);
  return { ok: true, value: ticked ? '1' : '0' };
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 1000 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const fail = (message: string): FieldCheck => ({ ok: false, message });

export interface CheckedAnswers {
  /** Field name -> what to store (null: no answer). */
  values: Map<string, string | null>;
  /** Input name (`cf_<name>`) -> message, for a 422 re-render. */
  errors: Record<string, string>;
}

/** Checks the answers to every field given, reading each from `submitted` by its input name. */
export function checkFieldValues(fields: FieldRule[], submitted: Record<string, SubmittedValue>): CheckedAnswers {
  const values = new Map<string, string | null>();
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const result = checkFieldValue(field, submitted[fieldInputName(field.name)]);
    if (result.ok) values.set(field.name, result.value);
    else errors[fieldInputName(field.name)] = result.message;
  }
  return { values, errors };
}

/**
 * The `cf_*` answers of a request body: strings and string lists only, so an object smuggled into the
 * body never reaches the rules or a query.
 */
export function submittedFieldValues(body: unknown): Record<string, SubmittedValue> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const result: Record<string, SubmittedValue> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!key.startsWith('cf_')) continue;
    if (typeof value === 'string') result[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) result[key] = value as string[];
  }
  return result;
}

/** A stored answer as people read it: a multiple choice joined with commas, a checkbox as Yes or No. */
export function displayValue(type: FieldType, stored: string | null): string {
  if (stored === null) return '';
  if (type === 'checkbox') return stored === '1' ? 'Yes' : 'No';
  if (type === 'multichoice') return storedList(stored).join(', ');
  return stored;
}

/** A multiple-choice answer as its list of picks (a damaged value reads as no picks). */
export function storedList(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A field's choices from the admin form's textarea: one per line, trimmed, blank lines and repeats dropped. */
export function parseChoices(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== ''))];
}
