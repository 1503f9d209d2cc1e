/**
 * RFC 3834 and friends: is this mail written by a machine? Such mail never triggers an automatic
 * reply (SECURITY 10); a delivery report is noted on the ticket it bounced from, never a new ticket.
 * Pure: the header values as the parser found them (names lower-cased).
 */

export const LOOP_HEADER = 'X-RelayDesk-Loop';

/** auto_reply: an answer to a mail (out of office); auto_generated: a machine's own mail (alerts, reports), which may open a ticket. */
export type AutomaticKind = 'bounce' | 'auto_reply' | 'auto_generated' | 'bulk' | 'list' | 'loop' | 'own_address';

export interface HeaderFacts {
  /** Lower-cased header name -> value(s). */
  headers: ReadonlyMap<string, string | string[]>;
  /** The Content-Type of the whole message, lower-cased ("multipart/report"). */
  contentType: string;
  /** Its report-type parameter ("delivery-status"), if any. */
  reportType: string | null;
  sender: string;
  returnPath: string | null;
  /** Our own addresses, lower-cased: mail from them is our own mail coming back. */
  ownAddresses: readonly string[];
}

export interface Automatic {
  kind: AutomaticKind;
  reason: string;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

/** The first rule that marks the mail automatic, or null for a person's mail. Order: loops, bounces, then the rest. */
export function classifyAutomatic(f: HeaderFacts): Automatic | null {
  if (f.headers.has(LOOP_HEADER.toLowerCase())) return { kind: 'loop', reason: `our own ${LOOP_HEADER} header` };
  if (f.ownAddresses.includes(f.sender.toLowerCase())) return { kind: 'own_address', reason: `sent from our own address ${f.sender}` };
  if (isBounce(f)) return { kind: 'bounce', reason: 'a delivery status notification' };
  const autoSubmitted = first(f.headers.get('auto-submitted')).toLowerCase().split(';')[0].trim();
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: autoSubmitted === 'auto-replied' ? 'auto_reply' : 'auto_generated', reason: `Auto-Submitted: ${autoSubmitted}` };
  if (hasVendorAutoReplyMark(f.headers)) return { kind: 'auto_reply', reason: 'an auto-reply header (X-Autoreply, X-Auto-Response-Suppress)' };
  const precedence = first(f.headers.get('precedence')).toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) {
    return { kind: precedence === 'list' ? 'list' : precedence === 'auto_reply' ? 'auto_reply' : 'bulk', reason: `Precedence: ${precedence}` };
  }
  if (f.headers.has('list-id')) return { kind: 'list', reason: 'a mailing list (List-Id)' };
  if (f.headers.has('list-unsubscribe') && f.headers.has('list-post')) return { kind: 'list', reason: 'a mailing list (List-Post)' };
  return null;
}

/** A DSN (RFC 3464) or an old-style bounce from the mailer daemon with an empty return path. */
function isBounce(f: HeaderFacts): boolean {
  if (f.contentType === 'multipart/report' && f.reportType === 'delivery-status') return true;
  const local = f.sender.split('@')[0].toLowerCase();
  return f.returnPath === '<>' && (local === 'mailer-daemon' || local === 'postmaster');
}

/**
 * Out-of-office replies are automatic (no autoresponse) but still a person's answer: they append to the
 * ticket they thread to. RFC 3834 auto-replied mail and the common vendor markers count.
 */
export function isOutOfOffice(headers: ReadonlyMap<string, string | string[]>, subject: string): boolean {
  const autoSubmitted = first(headers.get('auto-submitted')).toLowerCase();
  if (autoSubmitted.startsWith('auto-replied') || hasVendorAutoReplyMark(headers)) return true;
  return /^(out of (the )?office|automatic reply|auto[- ]?reply|abwesenheit)\b/i.test(subject.trim());
}

/** Exchange marks its out-of-office and other automatic mail with X-Auto-Response-Suppress (OOF or All); others with X-Autoreply. */
function hasVendorAutoReplyMark(headers: ReadonlyMap<string, string | string[]>): boolean {
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return true;
  return /\b(all|oof|autoreply)\b/i.test(first(headers.get('x-auto-response-suppress')));
}
