import { banCandidates, parseBanEntry } from './ban-rules';

describe('ban-list rules', () => {
  it.each([
    ['Spam@Example.com ', { kind: 'email', value: 'spam@example.com' }],
    ['example.com', { kind: 'domain', value: 'example.com' }],
    ['@Mail.Example.org', { kind: 'domain', value: 'mail.example.org' }],
  ])('reads %p as an entry', (raw, entry) => {
    expect(parseBanEntry(raw)).toEqual(entry);
  });

  it.each(['', 'com', 'not a domain', 'a@b', '@', 'x@@example.com', 'a b@example.com', `${'a'.repeat(190)}.com`])('refuses %p', (raw) => {
    expect(parseBanEntry(raw)).toBeNull();
  });

  it('matches an address by itself, its domain and parent domains, never the top-level domain alone', () => {
    expect(banCandidates('Joe@Mail.Spam.Example.com')).toEqual(['joe@mail.spam.example.com', 'mail.spam.example.com', 'spam.example.com', 'example.com']);
    expect(banCandidates('joe@localhost')).toEqual(['joe@localhost']);
  });
});
