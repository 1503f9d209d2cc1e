import type { Response } from 'express';
import type { Readable } from 'node:stream';

/** What a download needs to know about a stored file. */
export interface DownloadableFile {
  fileName: string;
  mimeType: string;
}

/**
 * Streams a stored attachment as a download (SECURITY 4): always `Content-Disposition: attachment`, the
 * stored type with `nosniff`, a sandboxing CSP so an HTML or SVG file opened anyway runs no script, and
 * no caching of private files. The one place both the portal and the staff panel send files.
 */
export function sendAttachment(res: Response, file: DownloadableFile, stream: Readable): void {
  res.status(200);
  res.setHeader('Content-Type', file.mimeType || 'application/octet-stream');
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  res.setHeader('Cache-Control', 'private, no-store');
  stream.on('error', () => {
    // CASE: the file vanished or became unreadable between the access check and the read.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.removeHeader('Content-Disposition');
    res.status(500).type('text/plain').send('The file could not be read.');
  });
  stream.pipe(res);
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 / 8187).
 * The fallback replaces anything outside printable ASCII, and quotes and backslashes, with "_".
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
