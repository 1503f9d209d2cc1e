import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerError } from 'smtp-server';

/** A message as it arrived at the test SMTP server. */
export interface ReceivedMail {
  /** The envelope (MAIL FROM / RCPT TO), not the headers. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header names lower-cased, folded lines joined. */
  headers: Record<string, string>;
  subject: string;
  /** The decoded body of a single-part message (7bit, quoted-printable or base64). */
  text: string;
  raw: string;
}

/**
 * A real SMTP server on a loopback port (TESTING.md: mail is asserted on what arrived). No STARTTLS and
 * no AUTH are offered, so `smtp://127.0.0.1:<port>` delivers in plain text. Set `refuseRecipients` to
 * answer RCPT TO with an error (e.g. 451, 550).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** RCPT TO commands seen, accepted or not: one per delivery attempt. */
  recipientAttempts = 0;
  refuseRecipients: { code: number; message: string } | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];
  private taken = 0;

  /** The messages that arrived since the last call (all of them on the first). */
  takeNew(): ReceivedMail[] {
    const fresh = this.received.slice(this.taken);
    this.taken = this.received.length;
    return fresh;
  }

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        sink!.recipientAttempts++;
        const refusal = sink!.refuseRecipients;
        if (!refusal) return callback();
        const err: SMTPServerError = new Error(refusal.message);
        err.responseCode = refusal.code;
        callback(err);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          sink!.accept(Buffer.concat(chunks).toString('utf8'), session.envelope.mailFrom ? session.envelope.mailFrom.address : '', session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      const listener = server.listen(0, '127.0.0.1', () => resolve((listener.address() as AddressInfo).port));
    });
    sink = new SmtpSink(server, port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /**
   * Resolves once `count` messages in all have arrived (it waits for the server's event, no polling);
   * rejects after `timeoutMs` so a mail that never comes fails the test with a reason.
   */
  waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    if (this.received.length >= count) return Promise.resolve(this.received.slice(0, count));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`expected ${count} message(s) at the SMTP server, ${this.received.length} arrived`));
      }, timeoutMs);
      const waiter = { count, resolve: () => (clearTimeout(timer), resolve(this.received.slice(0, count))) };
      this.waiters.push(waiter);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(raw: string, envelopeFrom: string, envelopeTo: string[]): void {
    this.received.push({ ...parse(raw), envelopeFrom, envelopeTo, raw });
    const ready = this.waiters.filter((w) => this.received.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.received.length < w.count);
    for (const w of ready) w.resolve();
  }
}

function parse(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return { headers, subject: headers.subject ?? '', text: text.replace(/\r\n/g, '\n') };
}
