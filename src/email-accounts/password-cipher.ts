import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Which password a value is: bound into the ciphertext, so a value copied to the other column does not decrypt. */
export type MailPasswordKind = 'smtp' | 'imap';

/**
 * AES-256-GCM for mailbox passwords at rest, keyed from the session secret through HKDF-SHA256 with a
 * purpose of its own (the session cookie, two-factor secrets and this never share key material).
 *
 * CASE: rotating SESSION_SECRET (or losing data/session-secret) makes stored passwords unreadable:
 * decrypt answers null, the connection test says so, and the admin types the passwords again.
 */
export class MailPasswordCipher {
  private derived: Buffer | null = null;

  /** `sessionSecret` may be a function: the secret is then read (and the key derived) on first use. */
  constructor(private readonly sessionSecret: string | (() => string)) {}

  private get key(): Buffer {
    if (this.derived) return this.derived;
    const secret = typeof this.sessionSecret === 'function' ? this.sessionSecret() : this.sessionSecret;
    if (!secret) throw new Error('MailPasswordCipher needs the session secret');
    this.derived = Buffer.from(hkdfSync('sha256', secret, 'relaydesk', 'email account password encryption v1', 32));
    return this.derived;
  }

  encrypt(plain: string, kind: MailPasswordKind): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(kind, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** The plain password, or null when the value was not written with this key for this kind (or was altered). */
  decrypt(stored: string, kind: MailPasswordKind): string | null {
    const [version, iv, tag, body, ...rest] = stored.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(kind, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
