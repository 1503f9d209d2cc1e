import { DomainError } from '../../common/errors';
import { FormErrors } from '../../common/view-models';

/** A request body as a record (anything else reads as empty). */
export function asRecord(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A form value as typed; anything that is not a single string (repeated fields, objects) echoes as ''. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A `shared/checkbox-field` value ("0", or "0" then "1" when ticked) as typed: the last value wins. */
export function checkboxValue(value: unknown): boolean {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === '1' || last === 'on' || last === 'true';
}

/** An optional id from a DTO that already checked its digits: '' is null. */
export const optionalId = (value: string): number | null => (value === '' ? null : Number(value));

/** A sort number from a DTO that already checked its digits: '' is 0. */
export const sortNumber = (value: string): number => (value === '' ? 0 : Number(value));

/**
 * The field messages of a service's `validation_failed`, for a 422 re-render. Anything else is rethrown
 * for the global filter. CASE: a refusal naming no field is shown on `fallbackField`.
 */
export function validationErrors(err: unknown, fallbackField: string): FormErrors {
  if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
  return Object.keys(err.fields).length > 0 ? err.fields : { [fallbackField]: err.message };
}

/** A `conflict` refusal (a guarded delete): its message, for an error flash. Anything else is rethrown. */
export function conflictMessage(err: unknown): string {
  if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
  return err.message;
}
