import { ipAllowed, MAX_ALLOWLIST_ENTRIES, parseAllowlist } from './ip-allowlist';

describe('API key allow-list', () => {
  it('reads one address or range a line, skipping blanks and duplicates', () => {
    expect(parseAllowlist(' 203.0.113.7 \r\n\n192.0.2.0/24\n2001:DB8::/32\n203.0.113.7\n::ffff:198.51.100.1')).toEqual({
      ok: true,
      entries: ['203.0.113.7', '192.0.2.0/24', '2001:db8::/32', '198.51.100.1'],
    });
    expect(parseAllowlist('')).toEqual({ ok: true, entries: [] });
  });

  it.each(['example.com', '300.1.1.1', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/abc', '1.2.3.4 5.6.7.8', '*'])('refuses %p', (line) => {
    const result = parseAllowlist(`10.0.0.1\n${line}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('is not an IP address or CIDR range');
  });

  it(`refuses more than ${MAX_ALLOWLIST_ENTRIES} entries`, () => {
    const lines = Array.from({ length: MAX_ALLOWLIST_ENTRIES + 1 }, (_, i) => `10.0.${Math.floor(i / 200)}.${i % 200}`);
    expect(parseAllowlist(lines.join('\n'))).toEqual({ ok: false, message: `List at most ${MAX_ALLOWLIST_ENTRIES} addresses or ranges.` });
  });

  it('lets any address use a key without a list', () => {
    expect(ipAllowed('203.0.113.7', [])).toBe(true);
    expect(ipAllowed(undefined, [])).toBe(true);
  });

  it('matches single addresses and ranges, IPv4 and IPv6', () => {
    const list = ['203.0.113.7', '192.0.2.0/24', '2001:db8::/32'];
    expect(ipAllowed('203.0.113.7', list)).toBe(true);
    expect(ipAllowed('192.0.2.200', list)).toBe(true);
    expect(ipAllowed('2001:db8:1::5', list)).toBe(true);
    expect(ipAllowed('203.0.113.8', list)).toBe(false);
    expect(ipAllowed('192.0.3.1', list)).toBe(false);
    expect(ipAllowed('2001:db9::1', list)).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 client as its IPv4 address, and refuses an unknown one', () => {
    expect(ipAllowed('::ffff:192.0.2.9', ['192.0.2.0/24'])).toBe(true);
    expect(ipAllowed(undefined, ['192.0.2.0/24'])).toBe(false);
    expect(ipAllowed('not-an-ip', ['192.0.2.0/24'])).toBe(false);
  });
});
