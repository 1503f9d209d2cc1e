import { FormErrors } from './view-models';

/** Every error a service may raise, and the HTTP status each maps to. The one home of that mapping. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  gone: 410,
  stale_form: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  service_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A refusal the user can understand. `fields` names the form fields at fault (for 422 re-renders).
 * Services throw these; the global filter turns them into an error page or JSON.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FormErrors = {},
    /** For `rate_limited`: when the client may try again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Not found and not allowed look the same to someone who may not see the object (SECURITY 1). */
export const notFound = (what = 'page') => new DomainError('not_found', `We could not find that ${what}.`);

export const invalidField = (field: string, message: string) => new DomainError('validation_failed', message, { [field]: message });

/** A limit was hit (SECURITY 15): 429 with Retry-After, the same answer whoever or whatever was asked about. */
export const rateLimited = (retryAfterSeconds: number) =>
  new DomainError('rate_limited', 'Too many attempts. Please wait a while and try again.', {}, Math.max(1, Math.ceil(retryAfterSeconds)));
