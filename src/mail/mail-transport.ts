import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

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

/**
 * The SMTP connection settings from SMTP_URL (nodemailer reads the URL: smtp:// upgrades with STARTTLS
 * when offered, smtps:// is TLS from the start, options such as `?requireTLS=true` go in the query).
 * Without SMTP_URL there is no transport and mail stays queued.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter | null;

  constructor(config: AppConfig) {
    this.transporter = config.mail.smtpUrl
      ? createTransport({
          url: config.mail.smtpUrl,
          // A delivery run holds a lease of a few minutes: never wait longer than that on one server.
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 60_000,
        })
      : null;
  }

  get enabled(): boolean {
    return this.transporter !== null;
  }

  /** Hands the message to the server; rejects with nodemailer's error (code, responseCode, response). */
  async send(message: OutgoingMessage): Promise<void> {
    if (!this.transporter) throw new Error('SMTP_URL is not set');
    await this.transporter.sendMail({
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
  }
}
