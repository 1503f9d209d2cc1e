import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

// SECURITY 11: argon2id with at least OWASP's m=19 MiB, t=2, p=1.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed hash never lets anyone in
  }
}

/** A password for people created without one (first admin, demo agents): 16 readable characters. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** A hash to verify against when the account does not exist, so both paths take the same time. */
let dummyHash: Promise<string> | null = null;
export const timingSafeDummyHash = (): Promise<string> => (dummyHash ??= hashPassword(generatePassword()));
