import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Codes from one step before or after now are accepted too (clock drift, typing time). */
export const TOTP_WINDOW = 1;
export const SECRET_BYTES = 20;

export const RECOVERY_CODE_COUNT = 10;
/** 32 characters without the look-alikes 0/o and 1/l: 5 bits a character, 50 bits a code. */
export const RECOVERY_ALPHABET = '23456789abcdefghijkmnpqrstuvwxyz';
const RECOVERY_LENGTH = 10;

/** What an agent typed as an authentication code: 6 digits, spaces allowed ("123 456"). Null when it is not one. */
export function normalizeTotpCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  const code = input.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : null;
}

/**
 * The time step of the window (now ±1 step) whose code is `code`, or null when none matches. The caller
 * refuses a step at or before the last one used (replay protection).
 */
export function matchTotpStep(secret: Uint8Array, code: string, now: Date): number | null {
  const options = { secret: toSecret(secret), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, algorithm: 'SHA1', timestamp: now.getTime() };
  const delta = TOTP.validate({ ...options, token: code, window: TOTP_WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}

export function totpStep(now: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: Uint8Array, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: toSecret(secret), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, algorithm: 'SHA1' }).toString();
}

export function base32Secret(secret: Uint8Array): string {
  return toSecret(secret).base32;
}

/** "JBSW Y3DP EHPK 3PXP ...": easier to type by hand than 32 characters in a row. */
export function groupedSecret(secret: Uint8Array): string {
  return base32Secret(secret).match(/.{1,4}/g)!.join(' ');
}

/** A new recovery code, "xxxx-xxxx-xx", from the crypto random generator. */
export function generateRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * What an agent typed as a recovery code, in the one form that is hashed: lower case, without spaces or
 * dashes. Null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const code = input.toLowerCase().replace(/[\s-]/g, '');
  if (code.length !== RECOVERY_LENGTH) return null;
  return [...code].every((c) => RECOVERY_ALPHABET.includes(c)) ? code : null;
}

/**
 * SHA-256 (hex) of a normalised recovery code. A fast hash is enough here: a code is 50 random bits,
 * single use, and only ever a second factor after the password.
 */
export function hashRecoveryCode(normalized: string): string {
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}

function toSecret(bytes: Uint8Array): Secret {
  return new Secret({ buffer: Uint8Array.from(bytes).buffer });
}
