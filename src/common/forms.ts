import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';
import type { FormErrors } from './view-models';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

const INVALID = 'This field is invalid.';

/**
 * Reads a browser form into its DTO class: class-transformer, then class-validator with whitelisting
 * (fields the DTO does not declare, like `_csrf`, are dropped). On failure, one message per field (its
 * first failing constraint, in the order class-validator checks them), keyed by property name, for a
 * 422 re-render.
 *
 * CASE: a body that is not an object (no body at all, a JSON array, a string) fails on every field the
 * DTO declares, with the field's own message where it has one for a missing value.
 *
 * Synchronous (the DTOs use no async validators), so `parseForm(...)` and `await parseForm(...)` both work.
 */
export function parseForm<T extends object>(cls: new () => T, body: unknown): FormResult<T> {
  if (!isPlainObject(body)) return { ok: false, errors: everyFieldInvalid(cls) };
  const value = plainToInstance(cls, body);
  const errors = validateSync(value, { whitelist: true, forbidUnknownValues: true });
  return errors.length === 0 ? { ok: true, value } : { ok: false, errors: toFormErrors(errors) };
}

function isPlainObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function everyFieldInvalid<T extends object>(cls: new () => T): FormErrors {
  const errors = toFormErrors(validateSync(plainToInstance(cls, {}), { whitelist: true }));
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  for (const { propertyName } of metadata) errors[propertyName] ??= INVALID;
  return errors;
}

function toFormErrors(errors: ValidationError[]): FormErrors {
  const result: FormErrors = {};
  for (const error of errors) {
    const message = firstMessage(error);
    if (message && !(error.property in result)) result[error.property] = message;
  }
  return result;
}

/**
 * A missing or mistyped value reports "required"/"wrong type" first, whatever order the decorators
 * were written in (class-validator lists failures in reverse declaration order, so "too long" could
 * otherwise win for an empty field). Other failures: the first one listed.
 */
const FIRST_REPORTED = ['isDefined', 'isNotEmpty', 'isString', 'isBoolean', 'isInt', 'isNumberString'];

/** The most basic constraint's message, or the first one found in a nested object's errors. */
function firstMessage(error: ValidationError): string | null {
  const constraints = error.constraints ?? {};
  const basic = FIRST_REPORTED.find((name) => name in constraints);
  const own = basic ? constraints[basic] : Object.values(constraints)[0];
  if (own) return own;
  for (const child of error.children ?? []) {
    const nested = firstMessage(child);
    if (nested) return nested;
  }
  return null;
}
