/** Raw RFC 822 mail for tests: headers in order, then the body, CRLF line ends. */
export function rawMail(headers: Record<string, string>, body: string): Buffer {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n');
  return Buffer.from(`${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`, 'utf8');
}

let counter = 0;

/** A plain text mail from `from` to the help desk; override or add any header. */
export function simpleMail(from: string, subject: string, body: string, extra: Record<string, string> = {}): Buffer {
  counter += 1;
  return rawMail({
    From: from, To: 'helpdesk@localhost', Subject: subject, Date: 'Mon, 23 Nov 2026 10:00:00 +0000',
    'Message-ID': `<test-${counter}-${Math.random().toString(36).slice(2)}@mail.example.com>`, 'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8', ...extra,
  }, body);
}
