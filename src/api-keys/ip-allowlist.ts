import { BlockList, isIP } from 'node:net';

export const MAX_ALLOWLIST_ENTRIES = 50;

export type AllowlistResult = { ok: true; entries: string[] } | { ok: false; message: string };

/**
 * Reads an API key's allow-list as typed in the admin form: one IPv4/IPv6 address or CIDR range per
 * line, blank lines ignored, duplicates dropped. Entries are stored in a canonical spelling
 * (lower-case IPv6, IPv4-mapped IPv6 as plain IPv4) so the list reads the same however it was typed.
 */
export function parseAllowlist(text: string): AllowlistResult {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  const entries: string[] = [];
  for (const line of lines) {
    const entry = canonicalEntry(line);
    if (!entry) return { ok: false, message: `“${line.slice(0, 64)}” is not an IP address or CIDR range (like 203.0.113.7, 192.0.2.0/24 or 2001:db8::/32).` };
    if (!entries.includes(entry)) entries.push(entry);
  }
  if (entries.length > MAX_ALLOWLIST_ENTRIES) return { ok: false, message: `List at most ${MAX_ALLOWLIST_ENTRIES} addresses or ranges.` };
  return { ok: true, entries };
}

/** Whether a request from `ip` may use a key with this allow-list (empty: any address). */
export function ipAllowed(ip: string | undefined, allowlist: string[]): boolean {
  if (allowlist.length === 0) return true;
  const address = ip ? canonicalAddress(ip) : null;
  if (!address) return false;
  const list = new BlockList();
  for (const entry of allowlist) {
    const [addr, prefix] = entry.split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(prefix), family);
  }
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

function canonicalEntry(text: string): string | null {
  const slash = text.indexOf('/');
  if (slash === -1) return canonicalAddress(text);
  const address = canonicalAddress(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefix)) return null;
  const max = isIP(address) === 6 ? 128 : 32;
  return Number(prefix) <= max ? `${address}/${Number(prefix)}` : null;
}

/** A plain IP address, or null. CASE: Express reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d. */
function canonicalAddress(text: string): string | null {
  const value = text.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped && isIP(mapped[1]) === 4) return mapped[1];
  return isIP(value) ? value : null;
}
