import { redactUrl } from './logging/pino-logger';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from './database-errors';
import { DomainError } from './errors';
import type { AppRequest } from './request-context';
import type { ErrorPageVM, FormErrors } from './view-models';

/** What the client is told about a failure. `internal` ones are logged with their stack. */
export interface ErrorDescription {
  status: number;
  code: string;
  title: string;
  message: string;
  fields?: FormErrors;
  retryAfterSeconds?: number;
  internal?: boolean;
  unavailable?: boolean;
}

export const CSRF_FAILED_MESSAGE = 'Your session expired or the form was sent twice. Please try again.';
const INTERNAL_MESSAGE = 'Something went wrong on our side.';
const UNAVAILABLE_MESSAGE = 'The help desk is temporarily unavailable. Please try again in a minute.';
export const RETRY_AFTER_SECONDS = 30;

const BY_STATUS: Record<number, { code: string; title: string; message: string }> = {
  400: { code: 'bad_request', title: 'Bad request', message: 'The request could not be understood.' },
  401: { code: 'unauthenticated', title: 'Please log in', message: 'Please log in to continue.' },
  403: { code: 'forbidden', title: 'Access denied', message: 'You do not have access to that page.' },
  404: { code: 'not_found', title: 'Page not found', message: 'We could not find that page.' },
  405: { code: 'method_not_allowed', title: 'Not allowed', message: 'That action is not allowed here.' },
  408: { code: 'request_timeout', title: 'Too slow', message: 'The request took too long. Please try again.' },
  409: { code: 'conflict', title: 'Something changed', message: 'That changed while you were working on it. Please reload and try again.' },
  410: { code: 'gone', title: 'Link no longer valid', message: 'This link has expired or was already used.' },
  413: { code: 'payload_too_large', title: 'Too large', message: 'What you sent is too large.' },
  415: { code: 'unsupported_media_type', title: 'Not supported', message: 'That type of content is not supported.' },
  422: { code: 'validation_failed', title: 'Please check the form', message: 'Please check what you entered.' },
  429: { code: 'rate_limited', title: 'Too many requests', message: 'Too many requests. Please wait a moment and try again.' },
  500: { code: 'internal_error', title: 'Something went wrong', message: INTERNAL_MESSAGE },
  503: { code: 'service_unavailable', title: 'Temporarily unavailable', message: UNAVAILABLE_MESSAGE },
};

function byStatus(status: number): ErrorDescription {
  const known = BY_STATUS[status] ?? (status >= 500 ? BY_STATUS[500] : { code: `http_${status}`, title: 'Request failed', message: 'The request could not be completed.' });
  return { status: status >= 500 && status !== 503 ? 500 : status, ...known };
}

/**
 * Turns anything thrown into what the client may see. Only DomainError messages (written for users)
 * and validation messages on the API are passed through; everything else gets a fixed text by status.
 */
export function describeError(exception: unknown, api = false): ErrorDescription {
  const cause = exception instanceof HttpException ? exception.cause : undefined;
  if (exception instanceof DomainError) {
    const fields = Object.keys(exception.fields).length > 0 ? exception.fields : undefined;
    const retryAfterSeconds = exception.status === 503 ? RETRY_AFTER_SECONDS : exception.retryAfterSeconds;
    return { ...byStatus(exception.status), code: exception.code, status: exception.status, message: exception.message, fields, retryAfterSeconds };
  }
  if (hasCode(exception, 'EBADCSRFTOKEN') || hasCode(cause, 'EBADCSRFTOKEN')) {
    return { status: 403, code: 'csrf_failed', title: 'Please try again', message: CSRF_FAILED_MESSAGE };
  }
  const parserError = bodyParserType(exception) ?? bodyParserType(cause);
  if (parserError === 'entity.too.large' || parserError === 'parameters.too.many') {
    return { ...byStatus(413), message: 'What you sent is too large. Shorten it and try again.' };
  }
  if (parserError === 'entity.parse.failed') {
    return { ...byStatus(400), message: 'The request body is not valid JSON.' };
  }
  if (isDatabaseUnavailable(exception)) {
    return { ...byStatus(503), retryAfterSeconds: RETRY_AFTER_SECONDS, unavailable: true };
  }
  const status = exception instanceof HttpException ? exception.getStatus() : httpErrorStatus(exception);
  if (status !== null && status >= 400 && status < 500) {
    const described = byStatus(status);
    const validation = api && exception instanceof HttpException ? validationMessages(exception) : null;
    return validation ? { ...described, message: validation } : described;
  }
  if (status === 503) return { ...byStatus(503), retryAfterSeconds: RETRY_AFTER_SECONDS };
  return { ...byStatus(500), internal: true };
}

export interface AppExceptionFilterOptions {
  basePath: string;
  logger: Logger;
  /** The locals middleware, for errors raised before it ran (body too large, bad CSRF token...). */
  locals: RequestHandler;
}

/**
 * The one global filter (ARCHITECTURE 4). Under /api: JSON `{ error: { code, message } }`. Elsewhere:
 * the error page in the area's layout (scp or portal); a staff page that needs a login redirects to
 * the login form instead. A database that cannot be reached is a 503 with Retry-After, and anything
 * unexpected is logged with its stack and shown as a plain 500 without internals.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly base: string;

  constructor(private readonly options: AppExceptionFilterOptions) {
    this.base = options.basePath.replace(/\/+$/, '');
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const req = host.switchToHttp().getRequest<AppRequest & { log?: Logger }>();
    const res = host.switchToHttp().getResponse<Response>();
    const area = this.areaOf(req);
    const error = describeError(exception, area === 'api');
    const log = req.log ?? this.options.logger;
    if (error.internal) log.error({ err: exception }, `unhandled error on ${req.method} ${redactUrl(req.originalUrl)}`);
    else if (error.unavailable) log.warn({ err: exception }, 'database unavailable');

    if (res.headersSent) {
      // A download or a page that failed half way: the status is gone, so cut the connection.
      if (!res.writableEnded) res.destroy();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (error.retryAfterSeconds) res.setHeader('Retry-After', String(error.retryAfterSeconds));

    if (area === 'api') {
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
      return;
    }
    if (error.status === 401 && area === 'scp') {
      const next = req.method === 'GET' || req.method === 'HEAD' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `${this.base}/scp/login${next}`);
      return;
    }
    this.renderPage(req, res, error, area === 'scp' ? 'layouts/scp' : 'layouts/portal');
  }

  private renderPage(req: AppRequest, res: Response, error: ErrorDescription, layout: string): void {
    const vm: ErrorPageVM = { title: error.title, status: error.status, message: error.message };
    try {
      this.prepareLocals(req, res);
      res.status(error.status);
      res.render('errors/error', { ...vm, layout }, (err: Error | null, html?: string) => {
        if (err) return this.plainPage(req, res, vm, err);
        res.type('html').send(html);
      });
    } catch (err) {
      this.plainPage(req, res, vm, err);
    }
  }

  /**
   * Errors raised before the locals middleware ran still get a layout; and an error page never creates
   * a session just to hold a CSRF token nobody will use (only a signed-in agent's or visitor's layout
   * has a form, the Sign out button).
   */
  private prepareLocals(req: AppRequest, res: Response): void {
    if (res.locals.base === undefined) this.options.locals(req, res, noop);
    const session = req.session as (typeof req.session & { csrfToken?: unknown }) | undefined;
    const needsToken = Boolean(req.user || session?.portal || session?.csrfToken);
    if (!needsToken) Object.defineProperty(res.locals, 'csrfToken', { value: '', enumerable: true, configurable: true, writable: true });
  }

  private plainPage(req: AppRequest & { log?: Logger }, res: Response, vm: ErrorPageVM, err: unknown): void {
    (req.log ?? this.options.logger).error({ err }, 'could not render the error page');
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    res.status(vm.status).type('html').send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error ${vm.status}</title></head>` +
        `<body><main><h1>${escapeHtml(vm.title)}</h1><p>${escapeHtml(vm.message)}</p><p><a href="${escapeHtml(this.base)}/">Home</a></p></main></body></html>`,
    );
  }

  private areaOf(req: Request): 'api' | 'scp' | 'portal' {
    let path = (req.originalUrl ?? req.url).split('?')[0];
    if (this.base && (path === this.base || path.startsWith(`${this.base}/`))) path = path.slice(this.base.length);
    if (path === '/api' || path.startsWith('/api/')) return 'api';
    if (path === '/scp' || path.startsWith('/scp/')) return 'scp';
    return 'portal';
  }
}

const noop: NextFunction = () => undefined;

function hasCode(err: unknown, code: string): boolean {
  return !!err && typeof err === 'object' && (err as { code?: unknown }).code === code;
}

/** body-parser marks its errors with a `type` ("entity.too.large", "entity.parse.failed", ...). */
function bodyParserType(err: unknown): string | null {
  const type = err && typeof err === 'object' ? (err as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : null;
}

/** http-errors style errors that reached us unmapped carry `status`/`statusCode`. */
function httpErrorStatus(err: unknown): number | null {
  if (!err || typeof err !== 'object') return null;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' && value >= 400 && value < 600 ? value : null;
}

/** ValidationPipe's list of messages ("name must be a string"), for API clients. */
function validationMessages(exception: HttpException): string | null {
  const body = exception.getResponse();
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  return Array.isArray(message) && message.every((m) => typeof m === 'string') && message.length > 0 ? message.join('; ') : null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
