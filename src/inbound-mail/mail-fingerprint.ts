import { createHash } from 'node:crypto';

/**
 * Header fields that servers add on the way (trace and authentication results): the same mail delivered
 * twice, by two routes or by a retried pipe, differs only in these, so they are left out of its hash.
 */
const TRACE_FIELDS = /^(received|return-path|delivered-to|x-original-to|envelope-to|x-received|arc-[a-z-]+|authentication-results|received-spf|x-spam-[a-z-]+|x-virus-[a-z-]+|dkim-filter|x-gm-[a-z-]+|x-google-smtp-source)$/i;

/** SHA-256 of the mail without its trace header fields (hex). */
export function contentHash(raw: Buffer): string {
  const text = raw.toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  const headerEnd = split ? split.index : text.length;
  const fields = text.slice(0, headerEnd).split(/\r?\n(?![ \t])/).filter((f) => !TRACE_FIELDS.test(f.slice(0, Math.max(0, f.indexOf(':'))).trim()));
  const hash = createHash('sha256').update(fields.join('\n'), 'latin1').update('\n\n');
  if (split) hash.update(raw.subarray(Buffer.byteLength(text.slice(0, split.index + split[0].length), 'latin1')));
  return hash.digest('hex');
}

/** The key the unique index dedupes on: one mailbox (null = the pipe), one Message-ID, one content. */
export function dedupeKey(emailAccountId: number | null, messageId: string | null, hash: string): string {
  return createHash('sha256').update(`${emailAccountId ?? 'pipe'}\n${messageId ?? ''}\n${hash}`).digest('hex');
}
