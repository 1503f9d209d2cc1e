import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/**
 * Headers that carry credentials. Request logs do not print headers today, but anything that logs a
 * request or response object (an error serializer, a debug line) still must not leak them (SECURITY 13).
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
];

/** The process's one root logger: JSON lines on stdout, ISO times, level names. */
export function createAppLogger(options: { level: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

type RawRequest = IncomingMessage & { id?: unknown; ip?: string; originalUrl?: string };

/**
 * One JSON line per finished request: method, url, status, response time and a request id (taken
 * from a well-formed X-Request-Id a proxy sent, otherwise a new UUID, and echoed back in X-Request-Id).
 * 5xx and aborted requests log at "error", the rest at "info".
 */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => summary(req, res),
    customErrorMessage: (req, res) => summary(req, res),
    // pino-http invents an Error("failed with status code 5xx") for every 5xx; the exception filter
    // already logged the real error with its stack, so keep the request line clean.
    customErrorObject: (_req, _res, error, value: Record<string, unknown>) =>
      /^failed with status code \d+$/.test(error.message) ? { res: value.res, responseTime: value.responseTime } : value,
    wrapSerializers: false,
    serializers: {
      req: (req: RawRequest) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  });
}

function summary(req: IncomingMessage, res: ServerResponse): string {
  const line = `${req.method} ${redactUrl((req as RawRequest).originalUrl ?? req.url)} ${res.statusCode}`;
  return res.writableEnded ? line : `${line} (aborted)`;
}

/**
 * Nest's LoggerService on top of pino, so the framework's own messages (startup, route mapping, the
 * Logger instances in services) come out as the same JSON lines, with their context as a field.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest calls `log(message, context)` and `error(message, stack, context)`; the context is the last
   * string argument and a stack is a string with "\n    at " in it.
   */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !isStack(rest[rest.length - 1])) {
      fields.context = rest.pop();
    }
    for (const param of rest) {
      if (isStack(param)) fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (param !== undefined) fields.details = param;
    }
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      this.logger[level]({ ...fields, ...(message as object) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}

function isStack(value: unknown): value is string {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

/** SECURITY 13: tokens in paths (password reset links) never reach the logs. */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/(\/password-reset\/)[^/?#]+/, '$1[redacted]');
}
