import { AddressObject, simpleParser } from 'mailparser';
import { htmlToText, sanitizeMailHtml } from './mail-html';
import { trimQuoted } from './quoted-text';

export interface MailAddress {
  /** Lower-cased. */
  address: string;
  name: string;
}

export interface MailPart {
  fileName: string;
  mimeType: string;
  content: Buffer;
  /** An image the HTML shows inline (cid:), rather than a file the sender attached. */
  inline: boolean;
}

/** What the pipeline needs from a mail, decoded to UTF-8 (RFC 2047/2231 words, legacy charsets). */
export interface ParsedInbound {
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** Envelope recipients the delivering server recorded (Delivered-To, X-Original-To, Envelope-To). */
  deliveredTo: string[];
  subject: string;
  /** The whole text, quoted history included. */
  text: string;
  /** The reply without quoted history and signature: what the thread shows. */
  shownText: string;
  /** Sanitized (allowlist), or null for a plain text mail. */
  html: string | null;
  /** Raw header values by lower-cased name, unfolded; repeated headers keep every value. */
  headers: Map<string, string | string[]>;
  contentType: string;
  reportType: string | null;
  returnPath: string | null;
  attachments: MailPart[];
  /** Message-IDs found in a delivery report's returned message or headers. */
  bouncedMessageIds: string[];
  /** From a delivery report: the recipient that failed and the server's words. */
  bounceDetail: string | null;
}

const MESSAGE_ID = /<[^<>\s]{1,250}>/g;

/** Message-IDs in a header value, in order, each `<...>`. */
export function messageIdsOf(value: string | undefined | null): string[] {
  return [...(value ?? '').matchAll(MESSAGE_ID)].map((m) => m[0]).slice(0, 50);
}

/**
 * The raw header section's fields (lower-cased name -> unfolded values), read without a MIME parser:
 * the pipeline needs the Message-ID to dedupe before it parses.
 */
export function rawHeaders(raw: Buffer, limit = 256 * 1024): Map<string, string[]> {
  const text = raw.subarray(0, limit).toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const section = end ? text.slice(0, end.index) : text;
  const map = new Map<string, string[]>();
  for (const field of section.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return map;
}

export async function parseInbound(raw: Buffer): Promise<ParsedInbound> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepDeliveryStatus: true, maxHtmlLengthToParse: 2 * 1024 * 1024 });
  const headers = new Map<string, string | string[]>();
  for (const [name, values] of rawHeaders(raw)) headers.set(name, values.length === 1 ? values[0] : values);
  const header = (name: string) => { const v = headers.get(name); return Array.isArray(v) ? v[0] : v; };
  const ctype = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? sanitizeMailHtml(mail.html) : null;
  // CASE: an HTML-only mail inside multipart/related gets no text from the parser: derive it from the HTML.
  const text = (mail.text?.trim() ? mail.text : html ? htmlToText(html) : '').replace(/\r\n?/g, '\n');
  const attachments: MailPart[] = [];
  const reportParts: Buffer[] = [];
  let bounceDetail: string | null = null;
  for (const a of mail.attachments) {
    const type = (a.contentType || 'application/octet-stream').toLowerCase();
    if (type === 'message/delivery-status') {
      bounceDetail = deliveryStatusSummary(a.content.toString('utf8'));
      continue;
    }
    if (type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers') reportParts.push(a.content);
    attachments.push({ fileName: a.filename ?? defaultName(type), mimeType: type, content: a.content, inline: a.related === true || (a.contentDisposition === 'inline' && !!a.cid) });
  }
  const report = ctype?.value?.toLowerCase() === 'multipart/report';
  return {
    messageId: messageIdsOf(mail.messageId ?? header('message-id'))[0] ?? null,
    inReplyTo: messageIdsOf(header('in-reply-to')),
    references: messageIdsOf(header('references')),
    from: addresses(mail.from)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    deliveredTo: ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((n) => ([] as string[]).concat(headers.get(n) ?? [])).map((v) => v.replace(/[<>]/g, '').trim().toLowerCase()).filter(Boolean),
    subject: (mail.subject ?? '').replace(/[\r\n\t]+/g, ' ').trim(),
    text,
    // CASE: a forward's quoted part is what the sender wants us to read.
    shownText: /^\s*(fwd?|fw|wg|tr)\s*:/i.test(mail.subject ?? '') ? text.trim() : trimQuoted(text),
    html,
    headers,
    contentType: ctype?.value?.toLowerCase() ?? 'text/plain',
    reportType: ctype?.params?.['report-type']?.toLowerCase() ?? null,
    returnPath: header('return-path') ?? null,
    attachments: report ? attachments.filter((a) => !reportParts.includes(a.content)) : attachments,
    bouncedMessageIds: report || reportParts.length > 0 ? bouncedIds(reportParts, text) : [],
    bounceDetail,
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((o) => o.value).flatMap((a) => (a.group ? a.group : [a]))
    .filter((a) => typeof a.address === 'string' && a.address.includes('@'))
    .map((a) => ({ address: a.address!.trim().toLowerCase().slice(0, 191), name: (a.name || '').replace(/[\r\n\t]+/g, ' ').trim().slice(0, 128) }));
}

/** The returned message's own Message-ID (its header section), else any Message-ID line quoted in the report's text. */
function bouncedIds(parts: Buffer[], text: string): string[] {
  for (const part of parts) {
    const id = rawHeaders(part).get('message-id')?.[0];
    if (id) return messageIdsOf(id).slice(0, 1);
  }
  const quoted = /^\s*>?\s*message-id:\s*(<[^<>\s]+>)/im.exec(text);
  return quoted ? [quoted[1]] : [];
}

function deliveryStatusSummary(report: string): string | null {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(report)?.[1].trim();
  const recipient = field('Final-Recipient')?.replace(/^rfc822;\s*/i, '');
  const status = field('Status');
  const diagnostic = field('Diagnostic-Code')?.replace(/^smtp;\s*/i, '');
  const parts = [recipient && `to ${recipient}`, status && `status ${status}`, diagnostic].filter(Boolean);
  return parts.length > 0 ? parts.join(', ').slice(0, 400) : null;
}

function defaultName(type: string): string {
  if (type === 'message/rfc822') return 'message.eml';
  const sub = type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
  return `attachment.${sub.slice(0, 8)}`;
}
