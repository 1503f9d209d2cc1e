import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { DomainError } from './errors';
import type { AppRequest, UploadedFile } from './request-context';

export interface UploadOptions {
  /** Folder for the temp files (created if missing); the attachments service copies the ones it keeps. */
  tempDir: string;
  maxBytes: number;
  maxFiles: number;
}

/** The one file field our forms use. */
export const ATTACHMENTS_FIELD = 'attachments';

const FIELD_LIMITS = { fields: 50, fieldSize: 64 * 1024, parts: 60 };

/**
 * Parses multipart/form-data bodies: text fields onto req.body (in order), files from the
 * `attachments` field into the temp folder under random names, described on req.uploads.
 *
 * CASE: a body that breaks a limit (file too big, too many files or fields) does not fail the request.
 * Parsing stops there, the files already written are deleted, req.uploads is empty and req.uploadError
 * says what was wrong; the text fields read so far are kept (forms put the file input last), so the
 * controller re-renders the form with what was typed and the message.
 *
 * Whatever temp files a request leaves behind are deleted when its response is done.
 */
export function uploadMiddleware(options: UploadOptions): RequestHandler {
  fs.mkdirSync(options.tempDir, { recursive: true });
  const parse = multer({
    storage: multer.diskStorage({
      destination: options.tempDir,
      filename: (_req, _file, cb) => cb(null, `upload-${randomBytes(16).toString('hex')}`),
    }),
    limits: {
      ...FIELD_LIMITS,
      fileSize: options.maxBytes,
      // A file input left empty still sends one (nameless) file part, which busboy counts: allow one
      // even when attachments are off, and enforce maxFiles on the real files below.
      files: Math.max(options.maxFiles, 1),
    },
  }).array(ATTACHMENTS_FIELD);

  return (request: Request, res: Response, next: NextFunction) => {
    const req = request as AppRequest;
    if (!req.is('multipart/form-data')) return next();
    // 'finish' when the response was sent, 'close' when the client went away first.
    const cleanup = () => removeTempFiles(req);
    res.once('finish', cleanup);
    res.once('close', cleanup);
    parse(req, res, (err?: unknown) => {
      const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map(toUploadedFile);
      req.uploads = files;
      if (!err) {
        if (files.length > options.maxFiles) {
          req.uploadError = tooManyFiles(options.maxFiles);
          removeTempFiles(req);
          req.uploads = [];
        }
        return next();
      }
      req.uploads = [];
      const limitMessage = err instanceof MulterError ? limitError(err, options) : null;
      if (limitMessage) {
        req.uploadError = limitMessage;
        return next();
      }
      if (err instanceof MulterError || isMalformedMultipart(err)) {
        return next(new DomainError('bad_request', 'The form could not be read. Please try again.'));
      }
      next(err);
    });
  };
}

function toUploadedFile(file: Express.Multer.File): UploadedFile {
  return { tempPath: file.path, originalName: file.originalname, mimeType: file.mimetype, size: file.size };
}

function limitError(err: MulterError, options: UploadOptions): string | null {
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return `Each attachment must be at most ${Math.round(options.maxBytes / 1024 / 1024)} MB.`;
    case 'LIMIT_FILE_COUNT':
      return tooManyFiles(options.maxFiles);
    case 'LIMIT_PART_COUNT':
    case 'LIMIT_FIELD_COUNT':
      return 'The form has too many fields.';
    case 'LIMIT_FIELD_VALUE':
      return 'A field of the form is too long.';
    default:
      return null;
  }
}

function tooManyFiles(maxFiles: number): string {
  return maxFiles === 0 ? 'Attachments are not accepted.' : `At most ${maxFiles} attachment${maxFiles === 1 ? '' : 's'}.`;
}

/** busboy's errors for a body that is not valid multipart ("Unexpected end of form", no boundary...). */
function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && /multipart|unexpected end of form|malformed|boundary/i.test(err.message);
}

function removeTempFiles(req: AppRequest): void {
  for (const upload of req.uploads ?? []) {
    // The attachments service copies what it keeps, so whatever is still here is ours to delete. An
    // unlink is cheap enough to do synchronously, and then no file outlives its response.
    try {
      fs.rmSync(upload.tempPath, { force: true });
    } catch {
      // a file we cannot remove (permissions changed under us) must not fail the request
    }
  }
}
