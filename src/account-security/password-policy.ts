import { FormErrors } from '../common/view-models';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export interface PasswordCandidate {
  /** The new password, as typed (never trimmed). */
  password: string;
  /** The same typed again. */
  confirm: string;
  /** The agent's own names, which the password may not be or contain. */
  username: string;
  email: string;
  /** Whether the new password verifies against the current hash (the caller checks: hashing is async). */
  sameAsCurrent: boolean;
}

/** Usernames and local parts this short are left out of the "contains" rule: "jo" is in too many words. */
const MIN_CONTAINED_LENGTH = 3;

/**
 * The password policy for agents (SECURITY 11, issue "a password policy"): 10 to 200 characters, not
 * the username or the email's local part nor containing them, not a common password, not the current
 * one, typed the same twice. Returns messages by field (`password`, `confirm`); empty when acceptable.
 */
export function passwordPolicyErrors(candidate: PasswordCandidate): FormErrors {
  const problem = passwordProblem(candidate);
  if (problem) return { password: problem };
  if (candidate.confirm !== candidate.password) return { confirm: 'The two passwords do not match.' };
  return {};
}

function passwordProblem({ password, username, email, sameAsCurrent }: PasswordCandidate): string | null {
  const length = [...password].length;
  if (length === 0) return 'Enter a new password.';
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const names = [username, email.split('@')[0]].map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0);
  if (names.some((n) => lower === n || (n.length >= MIN_CONTAINED_LENGTH && lower.includes(n)))) {
    return 'Do not use your username or email address in your password.';
  }
  if (COMMON_PASSWORDS.has(lower)) return 'This password is too common. Choose one that is harder to guess.';
  if (sameAsCurrent) return 'Choose a password different from your current one.';
  return null;
}
