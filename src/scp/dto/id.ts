import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { notFound } from '../../common/errors';

const ID = /^[1-9]\d{0,9}$/;

/** A path id as a positive integer; anything else is a page that does not exist (404), not a 400. */
export function parseId(value: unknown, what = 'page'): number {
  if (typeof value !== 'string' || !ID.test(value) || Number(value) > 2_147_483_647) throw notFound(what);
  return Number(value);
}

/**
 * `@IdParam() id: number`: the `:id` route parameter through parseId. A custom decorator on purpose:
 * the global ValidationPipe (transform: true) would turn a `number`-typed @Param into Number("1e3") or
 * NaN before any pipe of ours saw the text; it leaves custom decorators alone.
 */
export const IdParam = createParamDecorator((name: string | undefined, context: ExecutionContext): number =>
  parseId(context.switchToHttp().getRequest<Request>().params[name ?? 'id']),
);

/** An optional id from a form: '' (or absent) is null; the DTO has already checked the digits. */
export const optionalId = (value: string | undefined): number | null => (value ? Number(value) : null);
