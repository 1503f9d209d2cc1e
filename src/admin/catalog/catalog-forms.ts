import type { Response } from 'express';
import { DomainError } from '../../common/errors';
import { parseForm } from '../../common/forms';
import { AppRequest } from '../../common/request-context';
import { FormErrors } from '../../common/view-models';

/** Where a successful form or button leads: a flash message and the page to go to (base path included). */
export interface Done {
  message: string;
  redirect: string;
}

/** A page to render: its template and view-model. */
export interface Page {
  view: string;
  vm: object;
}

/** The submitted body as sent: strings, or string lists for repeated fields (checkboxes, multi-selects). */
export type Submitted = Record<string, unknown>;

/**
 * The one way a catalog form is answered: bad input, or a `validation_failed` from the service, re-renders
 * the form with 422, the typed values and a message per field; success flashes and redirects (303).
 * Anything else (404, a refusal) goes on to the global filter.
 */
export async function submitForm<T extends object>(
  req: AppRequest, res: Response, dto: new () => T,
  handlers: { run: (value: T) => Promise<Done>; rerender: (submitted: Submitted, errors: FormErrors) => Promise<Page> },
): Promise<void> {
  const body: Submitted = isObject(req.body) ? req.body : {};
  const parsed = parseForm(dto, body);
  let errors: FormErrors;
  if (parsed.ok) {
    try {
      const done = await handlers.run(parsed.value);
      req.flash?.('success', done.message);
      return res.redirect(303, done.redirect);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
      errors = Object.keys(err.fields).length > 0 ? err.fields : { form: err.message };
    }
  } else {
    errors = parsed.errors;
  }
  const page = await handlers.rerender(body, errors);
  res.status(422).render(page.view, page.vm);
}

/**
 * A button's one service call (disable, enable, delete): success flashes and goes to `done.redirect`; a
 * `conflict` refusal ("still used by ...") flashes its reason and goes back to `back`, nothing changed.
 */
export async function submitAction(req: AppRequest, res: Response, back: string, run: () => Promise<Done>): Promise<void> {
  try {
    const done = await run();
    req.flash?.('success', done.message);
    res.redirect(303, done.redirect);
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'conflict') throw err;
    req.flash?.('error', err.message);
    res.redirect(303, back);
  }
}

/** A text field as typed ('' when absent or not a single string). */
export function textOf(body: Submitted, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}

/** A `shared/checkbox-field` value, read as the @Checkbox() transform reads it: the last value posted wins. */
export function checkedOf(body: Submitted, key: string): boolean {
  const value = body[key];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === '1' || last === 'on' || last === 'true';
}

/** A repeated field's values (strings only). */
export function listOf(body: Submitted, key: string): string[] {
  const value = body[key];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** `?q=`: one search string, trimmed and bounded; anything else (a repeated or missing q) is no search. */
export function searchTerm(q: unknown): string {
  return typeof q === 'string' ? q.trim().slice(0, 100) : '';
}

/** An optional id from a select ('' means none); the DTO has already checked its digits. */
export const optionalId = (value: string | undefined): number | null => (value ? Number(value) : null);

function isObject(body: unknown): body is Submitted {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
