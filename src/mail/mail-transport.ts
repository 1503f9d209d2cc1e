import { forwardRef, Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { EmailAccount } from '../email-accounts/email-account.entity';
import { EmailAccountsService } from '../email-accounts/email-accounts.service';

/** One message as handed to the SMTP server. */
export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
}

// A delivery run holds a lease of a few minutes: never wait longer than that on one server.
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * Which SMTP server sends a message, and the connections to them. A message whose From is an active
 * email account with its own SMTP host goes through that account's server; anything else through
 * SMTP_URL (nodemailer reads the URL: smtp:// upgrades with STARTTLS when offered, smtps:// is TLS from
 * the start, options such as `?requireTLS=true` go in the query). Without SMTP_URL mail stays queued.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter | null;
  /** Per account id, built for the account as it was at `updatedAt`. */
  private readonly accountTransporters = new Map<number, { updatedAt: number; transporter: Transporter }>();

  constructor(
    config: AppConfig,
    // forwardRef: the service class is still undefined when this file loads (a circular import).
    @Optional() @Inject(forwardRef(() => EmailAccountsService)) private readonly accounts: EmailAccountsService | null = null,
  ) {
    this.transporter = config.mail.smtpUrl ? createTransport({ url: config.mail.smtpUrl, ...TIMEOUTS }) : null;
    accounts?.onSettingsChanged((id) => this.forget(id));
  }

  /** Whether SMTP_URL is set: then every message has a server. */
  get enabled(): boolean {
    return this.transporter !== null;
  }

  /** Whether any message could be sent now: SMTP_URL, or an active email account with its own server. */
  async anyServer(): Promise<boolean> {
    return this.transporter !== null || (this.accounts ? await this.accounts.anySending() : false);
  }

  /** Whether a message from this sender has a server (see transporterFor). */
  async canSend(from: string): Promise<boolean> {
    if (this.transporter) return true;
    const account = this.accounts ? await this.accounts.findByAddress(addressOf(from)) : null;
    return !!account && account.isActive && !!account.smtpHost;
  }

  /** Hands the message to the server; rejects with nodemailer's error (code, responseCode, response). */
  async send(message: OutgoingMessage): Promise<void> {
    const transporter = await this.transporterFor(message.from);
    await transporter.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html !== null ? { html: message.html } : {}),
      messageId: message.messageId,
      date: message.date,
      headers: message.headers,
    });
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
    for (const id of [...this.accountTransporters.keys()]) this.forget(id);
  }

  /** The one rule for which server sends a message: its From account's own server, else SMTP_URL. */
  private async transporterFor(from: string): Promise<Transporter> {
    const account = this.accounts ? await this.accounts.findByAddress(addressOf(from)) : null;
    if (account && account.isActive && account.smtpHost) return this.accountTransporter(account);
    if (!this.transporter) throw new Error('SMTP_URL is not set');
    return this.transporter;
  }

  private async accountTransporter(account: EmailAccount): Promise<Transporter> {
    const cached = this.accountTransporters.get(account.id);
    if (cached && cached.updatedAt === account.updatedAt.getTime()) return cached.transporter;
    this.forget(account.id);
    const settings = await this.accounts!.smtpSettings(account.id);
    if (!settings) throw new Error(`The email account ${account.address} has no SMTP server`);
    const transporter = createTransport({ ...settings, ...TIMEOUTS });
    this.accountTransporters.set(account.id, { updatedAt: account.updatedAt.getTime(), transporter });
    return transporter;
  }

  private forget(accountId: number): void {
    this.accountTransporters.get(accountId)?.transporter.close();
    this.accountTransporters.delete(accountId);
  }
}

/** The bare address of a From header (`"Name" <a@b>` or `a@b`). */
function addressOf(from: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(from);
  return (angle ? angle[1] : from).trim();
}
