import { DomainError } from '../../common/errors';
import { FormErrors } from '../../common/view-models';

export type Attempt<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/**
 * Runs a form's one service call. A `validation_failed` refusal comes back as the form's errors (for a
 * 422 re-render with the typed values); every other error goes on to the global filter.
 */
export async function attempt<T>(run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'validation_failed') {
      return { ok: false, errors: Object.keys(err.fields).length > 0 ? err.fields : { form: err.message } };
    }
    throw err;
  }
}

/**
 * Runs a button's service call (delete): a `conflict` refusal ("still in use") comes back as its message
 * for an error flash, and nothing changed; other errors go on to the global filter.
 */
export async function refusalOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'conflict') return err.message;
    throw err;
  }
}
