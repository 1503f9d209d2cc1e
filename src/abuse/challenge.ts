import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** How long a form's question may be answered. */
export const CHALLENGE_MINUTES = 30;
const TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{10})\.([A-Za-z0-9_-]{43})$/;

export interface IssuedChallenge {
  question: string;
  /** Signed; carries the nonce and the expiry, never the answer. */
  token: string;
}

const sign = (secret: string, nonce: string, expires: number, answer: string) =>
  createHmac('sha256', secret).update(`challenge:${nonce}.${expires}.${answer}`).digest('base64url');

/**
 * A small sum in words and digits ("What is 7 plus 4?"): readable by screen readers, no third-party
 * service. The token is an HMAC over nonce, expiry and answer, so the server keeps nothing until it
 * is used, and then only the nonce (single use).
 */
export function issueChallenge(secret: string, now: Date): IssuedChallenge {
  const [a, b] = [randomInt(1, 10), randomInt(1, 10)];
  const nonce = randomBytes(16).toString('base64url');
  const expires = Math.floor(now.getTime() / 1000) + CHALLENGE_MINUTES * 60;
  return { question: `What is ${a} plus ${b}?`, token: `${nonce}.${expires}.${sign(secret, nonce, expires, String(a + b))}` };
}

/** The nonce of a valid, unexpired token answered right; null otherwise (the caller makes it single use). */
export function verifyChallenge(secret: string, token: unknown, answer: unknown, now: Date): { nonce: string; expiresAt: Date } | null {
  if (typeof token !== 'string' || typeof answer !== 'string') return null;
  const match = TOKEN.exec(token);
  const typed = answer.trim();
  if (!match || !/^\d{1,3}$/.test(typed)) return null;
  const [, nonce, expiresText, mac] = match;
  const expires = Number(expiresText);
  if (expires * 1000 <= now.getTime()) return null;
  const expected = Buffer.from(sign(secret, nonce, expires, String(Number(typed))));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { nonce, expiresAt: new Date(expires * 1000) } : null;
}
