/**
 * SECURITY 15: limits checked on the raw bytes before the parser sees them, so a hostile mail (a header
 * that never ends, thousands of parts, parts nested a hundred deep) is quarantined with a reason instead
 * of tying up the process. Pure: a light walk over the MIME structure, not a parser.
 */

export interface MimeLimits {
  maxBytes: number;
  /** The header section of any part. */
  maxHeaderBytes: number;
  /** One header field, folded lines included. */
  maxHeaderFieldBytes: number;
  maxParts: number;
  maxDepth: number;
}

export const DEFAULT_MIME_LIMITS: Omit<MimeLimits, 'maxBytes'> = {
  maxHeaderBytes: 256 * 1024,
  maxHeaderFieldBytes: 64 * 1024,
  maxParts: 200,
  maxDepth: 12,
};

export type LimitVerdict = { ok: true } | { ok: false; code: 'too_large' | 'header_too_long' | 'too_many_parts' | 'too_deep' | 'not_a_message'; reason: string };

/** Whether the raw mail stays within the limits, and which one it breaks first. */
export function checkMimeLimits(raw: Buffer, limits: MimeLimits): LimitVerdict {
  if (raw.length > limits.maxBytes) {
    return { ok: false, code: 'too_large', reason: `the mail is ${formatMb(raw.length)}; the limit is ${formatMb(limits.maxBytes)}` };
  }
  const state = { parts: 0 };
  return walk(raw.toString('latin1'), 0, limits, state);
}

/** Whether the bytes look like a mail at all: a header section that starts with a header field. */
export function looksLikeMessage(raw: Buffer): boolean {
  const head = raw.subarray(0, 4096).toString('latin1').replace(/^(\r?\n)+/, '');
  return /^[!-9;-~]+:[^\r\n]*/.test(head) && /^[!-9;-~]+:/m.test(head);
}

function walk(part: string, depth: number, limits: MimeLimits, state: { parts: number }): LimitVerdict {
  if (depth > limits.maxDepth) return { ok: false, code: 'too_deep', reason: `MIME parts are nested more than ${limits.maxDepth} deep` };
  state.parts += 1;
  if (state.parts > limits.maxParts) return { ok: false, code: 'too_many_parts', reason: `the mail has more than ${limits.maxParts} MIME parts` };
  const split = /\r?\n\r?\n/.exec(part);
  const headerEnd = split ? split.index : part.length;
  if (headerEnd > limits.maxHeaderBytes) {
    return { ok: false, code: 'header_too_long', reason: split ? `a header section is longer than ${formatKb(limits.maxHeaderBytes)}` : 'the header section never ends' };
  }
  const header = part.slice(0, headerEnd);
  const fields = header.split(/\r?\n(?![ \t])/);
  if (fields.some((f) => f.length > limits.maxHeaderFieldBytes)) return { ok: false, code: 'header_too_long', reason: `a header field is longer than ${formatKb(limits.maxHeaderFieldBytes)}` };
  const body = split ? part.slice(split.index + split[0].length) : '';
  const contentType = fields.find((f) => /^content-type\s*:/i.test(f))?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  if (/^content-type\s*:\s*message\/rfc822/i.test(contentType)) return walk(body, depth + 1, limits, state);
  if (!/^content-type\s*:\s*multipart\//i.test(contentType)) return { ok: true };
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (!boundary) return { ok: true };
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const pieces = body.split(new RegExp(`(?:^|\\r?\\n)${escapeRegExp(delimiter)}(?:--)?[ \\t]*(?=\\r?\\n|$)`));
  // The piece before the first delimiter is the preamble and the one after the closing one the epilogue.
  for (const piece of pieces.slice(1, pieces.length > 2 ? -1 : undefined)) {
    const verdict = walk(piece.replace(/^\r?\n/, ''), depth + 1, limits, state);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const formatKb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
