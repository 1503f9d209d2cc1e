import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for TOTP secrets at rest, keyed from the session secret through HKDF-SHA256 (a key of its
 * own, so the session cookie signature and this encryption never share key material). Each value is
 * bound to its agent (additional authenticated data), so a secret copied to another row does not decrypt.
 *
 * CASE: rotating SESSION_SECRET (or losing data/session-secret) makes every stored secret unreadable:
 * those agents count as not enrolled and set up two-factor login again.
 */
export class SecretCipher {
  private derived: Buffer | null = null;

  /** `sessionSecret` may be a function: the secret is then read (and the key derived) on first use. */
  constructor(private readonly sessionSecret: string | (() => string)) {}

  private get key(): Buffer {
    if (this.derived) return this.derived;
    const secret = typeof this.sessionSecret === 'function' ? this.sessionSecret() : this.sessionSecret;
    if (!secret) throw new Error('SecretCipher needs the session secret');
    this.derived = Buffer.from(hkdfSync('sha256', secret, 'relaydesk', 'two-factor secret encryption v1', 32));
    return this.derived;
  }

  encrypt(plain: Uint8Array, staffId: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(staffId));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The plain bytes, or null when the value was not written with this key for this agent (or was altered). */
  decrypt(stored: string, staffId: number): Buffer | null {
    const [version, iv, tag, body, ...rest] = stored.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(staffId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    } catch {
      return null;
    }
  }
}

const aad = (staffId: number) => Buffer.from(`staff:${staffId}`, 'utf8');
