import { DomainError, ErrorCode } from '../../common/errors';
import { FormErrors } from '../../common/view-models';

/** True when `err` is a DomainError with this code. */
export const isDomainError = (err: unknown, code: ErrorCode): err is DomainError => err instanceof DomainError && err.code === code;

/**
 * The field messages of a service's `validation_failed`, for a 422 re-render of the form. Every other
 * error is rethrown for the global filter (404, 409, 500 pages).
 */
export function validationErrors(err: unknown, fallbackField: string): FormErrors {
  if (!isDomainError(err, 'validation_failed')) throw err;
  // CASE: a refusal that names no field is shown on the form's main field rather than lost.
  return Object.keys(err.fields).length > 0 ? err.fields : { [fallbackField]: err.message };
}

/** The message of an upload that broke a limit, for a form that failed validation before the service saw it. */
export const uploadErrors = (uploadError: string | undefined): FormErrors => (uploadError ? { attachments: uploadError } : {});
