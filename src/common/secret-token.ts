import { createHash, randomBytes } from 'node:crypto';

/**
 * Random tokens that travel in mail and links, stored only as a SHA-256 hash (SECURITY 11, 13).
 * `hex` tokens survive mail servers that lower-case addresses (a Reply-To tag); `url` tokens are shorter.
 */
export function newSecretToken(form: 'hex' | 'url' = 'url'): string {
  const bytes = randomBytes(20); // 160 bits
  return form === 'hex' ? bytes.toString('hex') : bytes.toString('base64url');
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
