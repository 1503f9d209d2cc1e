import { COMMON_PASSWORDS } from './common-passwords';
import { PasswordCandidate, passwordPolicyErrors } from './password-policy';

describe('password policy', () => {
  const check = (password: string, more: Partial<PasswordCandidate> = {}) =>
    passwordPolicyErrors({ password, confirm: password, username: 'jdoe', email: 'john.doe@example.com', sameAsCurrent: false, ...more });

  it('accepts a long, uncommon password typed twice', () => {
    expect(check('correct horse battery')).toEqual({});
    expect(check('ünïcödé-päss')).toEqual({});
  });

  it('asks for a password when there is none', () => {
    expect(check('')).toEqual({ password: 'Enter a new password.' });
  });

  it('wants 10 to 200 characters, counted as characters not bytes', () => {
    expect(check('short-pw1')).toEqual({ password: 'Use at least 10 characters.' });
    expect(check('x'.repeat(201))).toEqual({ password: 'Use at most 200 characters.' });
    expect(check('x'.repeat(200))).toEqual({});
    expect(check('😀'.repeat(9))).toEqual({ password: 'Use at least 10 characters.' });
  });

  it('refuses the username or the email local part, alone or inside, in any case', () => {
    const message = { password: 'Do not use your username or email address in your password.' };
    expect(check('jdoe', { username: 'jdoe' }).password).toBe('Use at least 10 characters.');
    expect(check('thisisjdoe!!')).toEqual(message);
    expect(check('JOHN.DOE-2025')).toEqual(message);
    expect(check('averylongusername', { username: 'averylongusername' })).toEqual(message);
  });

  it('lets a very short username appear inside a word', () => {
    expect(check('enjoy the journey', { username: 'jo', email: 'jo@example.com' })).toEqual({});
  });

  it('refuses common passwords whatever their case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
    expect(check('Password123')).toEqual({ password: 'This password is too common. Choose one that is harder to guess.' });
    expect(check('qwertyuiop')).toEqual({ password: 'This password is too common. Choose one that is harder to guess.' });
  });

  it('refuses the current password', () => {
    expect(check('correct horse battery', { sameAsCurrent: true })).toEqual({ password: 'Choose a password different from your current one.' });
  });

  it('wants the confirmation to match, once the password itself is acceptable', () => {
    expect(check('correct horse battery', { confirm: 'correct horse batter' })).toEqual({ confirm: 'The two passwords do not match.' });
    expect(check('short', { confirm: 'other' })).toEqual({ password: 'Use at least 10 characters.' });
  });
});
