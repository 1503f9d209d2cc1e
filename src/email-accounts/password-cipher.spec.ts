import { MailPasswordCipher } from './password-cipher';

describe('MailPasswordCipher', () => {
  const cipher = new MailPasswordCipher('a'.repeat(48));

  it('round-trips a password and never stores it in clear', () => {
    const stored = cipher.encrypt('s3cret pässword', 'imap');
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('s3cret');
    expect(cipher.decrypt(stored, 'imap')).toBe('s3cret pässword');
    expect(cipher.encrypt('same', 'smtp')).not.toBe(cipher.encrypt('same', 'smtp'));
  });

  it('refuses a value moved to the other column, altered, or written under another secret', () => {
    const stored = cipher.encrypt('pw', 'smtp');
    expect(cipher.decrypt(stored, 'imap')).toBeNull();
    const [v, iv, tag, body] = stored.split('.');
    // Alter the first character: the last one of a short body may only carry padding bits.
    const altered = (body.startsWith('A') ? 'B' : 'A') + body.slice(1);
    expect(cipher.decrypt([v, iv, tag, altered].join('.'), 'smtp')).toBeNull();
    expect(new MailPasswordCipher('b'.repeat(48)).decrypt(stored, 'smtp')).toBeNull();
    expect(cipher.decrypt('garbage', 'smtp')).toBeNull();
  });
});
