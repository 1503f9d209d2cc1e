import { contentHash, dedupeKey } from './mail-fingerprint';
import { checkMimeLimits, DEFAULT_MIME_LIMITS, looksLikeMessage } from './mime-limits';

const limits = { ...DEFAULT_MIME_LIMITS, maxBytes: 1024 * 1024, maxParts: 5, maxDepth: 3 };
const multipart = (boundary: string, parts: string[]) => `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;

describe('checkMimeLimits', () => {
  it('accepts an ordinary multipart mail', () => {
    expect(checkMimeLimits(Buffer.from(`From: a@x\r\n${multipart('b1', ['Content-Type: text/plain\r\n\r\nhi', 'Content-Type: text/html\r\n\r\n<p>hi</p>'])}`), limits)).toEqual({ ok: true });
  });

  it('refuses too many parts, too deep nesting, a header that never ends, a huge header field and a big mail', () => {
    const many = multipart('b', Array.from({ length: 6 }, () => 'Content-Type: text/plain\r\n\r\nx'));
    expect(checkMimeLimits(Buffer.from(`From: a@x\r\n${many}`), limits)).toMatchObject({ ok: false, code: 'too_many_parts' });
    let deep = 'Content-Type: text/plain\r\n\r\nbottom';
    for (let i = 0; i < 5; i++) deep = multipart(`d${i}`, [deep]);
    expect(checkMimeLimits(Buffer.from(`From: a@x\r\n${deep}`), { ...limits, maxParts: 100 })).toMatchObject({ ok: false, code: 'too_deep' });
    expect(checkMimeLimits(Buffer.from(`From: a@x\r\nX-Long: ${'a'.repeat(300 * 1024)}`), limits)).toMatchObject({ ok: false, code: 'header_too_long', reason: 'the header section never ends' });
    expect(checkMimeLimits(Buffer.from(`From: a@x\r\nX-Long: ${'a'.repeat(70 * 1024)}\r\n\r\nbody`), limits)).toMatchObject({ ok: false, code: 'header_too_long' });
    expect(checkMimeLimits(Buffer.alloc(2 * 1024 * 1024, 'a'), limits)).toMatchObject({ ok: false, code: 'too_large' });
  });

  it('tells a mail from other bytes', () => {
    expect(looksLikeMessage(Buffer.from('From: a@x\r\nSubject: y\r\n\r\nz'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('hello world'))).toBe(false);
    expect(looksLikeMessage(Buffer.from(''))).toBe(false);
  });
});

describe('mail fingerprint', () => {
  it('ignores trace headers, not content', () => {
    const mail = 'From: a@x\r\nMessage-ID: <1@x>\r\n\r\nbody';
    expect(contentHash(Buffer.from(`Received: from a\r\nDelivered-To: h@x\r\n${mail}`))).toBe(contentHash(Buffer.from(mail)));
    expect(contentHash(Buffer.from(`${mail}!`))).not.toBe(contentHash(Buffer.from(mail)));
  });

  it('keys per mailbox', () => {
    expect(dedupeKey(null, '<1@x>', 'h')).not.toBe(dedupeKey(1, '<1@x>', 'h'));
    expect(dedupeKey(1, '<1@x>', 'h')).toBe(dedupeKey(1, '<1@x>', 'h'));
  });
});
