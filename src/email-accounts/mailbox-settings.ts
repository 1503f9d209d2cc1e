import { MailSecurity } from './email-account.entity';

/** IMAP connection options, shaped so `new ImapFlow({ ...settings.connection, logger: false })` works. */
export interface ImapSettings {
  accountId: number;
  address: string;
  connection: {
    host: string;
    port: number;
    /** TLS from the first byte (port 993). */
    secure: boolean;
    /** true: STARTTLS required; false: stay plain; undefined: not applicable (secure). */
    doSTARTTLS: boolean | undefined;
    auth: { user: string; pass: string };
  };
  folder: string;
  /** Move processed mail here; null: flag it \Seen and leave it. */
  archiveFolder: string | null;
  /** What a ticket opened from this mailbox gets when no filter or topic says otherwise. */
  defaults: { departmentId: number | null; priorityId: number | null; helpTopicId: number | null };
}

/** nodemailer SMTP options of a mailbox with its own server. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  ignoreTLS: boolean;
  auth?: { user: string; pass: string };
}

/** The usual port for a protocol and security when the admin left it blank. */
export function defaultPort(protocol: 'smtp' | 'imap', security: MailSecurity): number {
  if (protocol === 'imap') return security === 'tls' ? 993 : 143;
  return security === 'tls' ? 465 : security === 'starttls' ? 587 : 25;
}
