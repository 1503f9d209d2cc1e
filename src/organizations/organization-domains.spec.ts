import { emailDomain, parseDomains, storedDomains } from './organization-domains';

describe('organization domains', () => {
  it('reads domains separated by commas, spaces or new lines, lower-cased, without "@" or duplicates', () => {
    expect(parseDomains(' Example.com, @example.org\nsub.example.com  EXAMPLE.COM ')).toEqual({ ok: true, domains: ['example.com', 'example.org', 'sub.example.com'] });
    expect(parseDomains('')).toEqual({ ok: true, domains: [] });
  });

  it.each(['localhost', 'exa mple', 'example..com', '-example.com', 'example.com-', 'user@example.com', 'exa_mple.com', 'example.123'])('refuses %p', (text) => {
    const result = parseDomains(text);
    expect(result.ok).toBe(false);
  });

  it('names the first bad entry in the message', () => {
    expect(parseDomains('example.com, nope')).toEqual({ ok: false, message: '“nope” is not an email domain (like example.com).' });
  });

  it('refuses a list too long for the column', () => {
    const many = Array.from({ length: 80 }, (_, i) => `domain-number-${i}.example.com`).join(',');
    expect(parseDomains(many).ok).toBe(false);
  });

  it('finds the domain of an email address', () => {
    expect(emailDomain('Karen@Example.COM')).toBe('example.com');
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(emailDomain('@example.com')).toBeNull();
    expect(emailDomain('karen@')).toBeNull();
  });

  it('splits the stored column', () => {
    expect(storedDomains('a.com,b.org')).toEqual(['a.com', 'b.org']);
    expect(storedDomains('')).toEqual([]);
  });
});
