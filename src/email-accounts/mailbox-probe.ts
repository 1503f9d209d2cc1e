import { Injectable } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { failureReason } from '../mail/delivery-policy';
import { EmailAccountsService } from './email-accounts.service';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** No connection test may hold an admin's request longer than this. */
export const PROBE_LIMIT_MS = 20_000;
const STEP_MS = 10_000;

/**
 * "Test SMTP" / "Test IMAP": connects with the saved settings, logs in, and disconnects. A failure
 * comes back with the server's (or the network's) reason, never as an error page.
 */
@Injectable()
export class MailboxProbe {
  constructor(private readonly accounts: EmailAccountsService) {}

  async smtp(id: number, globalSmtpUrl: string | null): Promise<ProbeResult> {
    const settings = await this.accounts.smtpSettings(id);
    if (!settings && !globalSmtpUrl) return { ok: false, reason: 'No SMTP server: this account has none and SMTP_URL is not set.' };
    const timeouts = { connectionTimeout: STEP_MS, greetingTimeout: STEP_MS, socketTimeout: STEP_MS };
    const transport = settings ? createTransport({ ...settings, ...timeouts }) : createTransport({ url: globalSmtpUrl!, ...timeouts });
    try {
      return await limited(transport.verify().then(() => ({ ok: true }) as const));
    } finally {
      transport.close();
    }
  }

  async imap(id: number): Promise<ProbeResult> {
    const settings = await this.accounts.imapSettings(id);
    const client = new ImapFlow({ ...settings.connection, logger: false, connectionTimeout: STEP_MS, greetingTimeout: STEP_MS, socketTimeout: STEP_MS });
    // An unhandled 'error' event would end the process; the failure is reported by connect() instead.
    client.on('error', () => undefined);
    try {
      return await limited(
        (async () => {
          await client.connect();
          // The folder must exist too: a typo there would otherwise only show when fetching fails.
          await client.status(settings.folder, { messages: true });
          await client.logout();
          return { ok: true } as const;
        })(),
      );
    } finally {
      client.close();
    }
  }
}

/** The attempt's outcome, or a failure once PROBE_LIMIT_MS has passed. */
async function limited(attempt: Promise<{ ok: true }>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `No answer within ${PROBE_LIMIT_MS / 1000} seconds.` }), PROBE_LIMIT_MS);
  });
  try {
    return await Promise.race([attempt.catch((err: unknown) => ({ ok: false as const, reason: probeReason(err) })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** imapflow puts the server's words in responseText; nodemailer in response. */
function probeReason(err: unknown): string {
  const { responseText, authenticationFailed } = (err && typeof err === 'object' ? err : {}) as { responseText?: unknown; authenticationFailed?: unknown };
  if (typeof responseText === 'string' && responseText) return `${authenticationFailed ? 'Login refused: ' : ''}${responseText}`.slice(0, 1000);
  return failureReason(err);
}
