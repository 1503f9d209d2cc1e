import type { BanKind } from './ban-list.entity';

const DOMAIN = /^(?=.{1,191}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;
const LOCAL = /^[^\s@<>(),;:"\\[\]]{1,64}$/;

export type BanEntry = { kind: BanKind; value: string };

/**
 * What an admin typed, as a ban-list entry: "someone@example.com" bans that address; "example.com" or
 * "@example.com" bans the domain and its subdomains. Null when it is neither.
 */
export function parseBanEntry(raw: string): BanEntry | null {
  const value = raw.trim().toLowerCase().replace(/^@/, '');
  const at = value.lastIndexOf('@');
  if (at === -1) return DOMAIN.test(value) ? { kind: 'domain', value } : null;
  const [local, domain] = [value.slice(0, at), value.slice(at + 1)];
  return LOCAL.test(local) && DOMAIN.test(domain) && value.length <= 191 ? { kind: 'email', value } : null;
}

/**
 * The ban-list values that would match this sender: the address itself, its domain and every parent
 * domain (a.b.example.com -> b.example.com, example.com), but not the bare top-level domain.
 */
export function banCandidates(email: string): string[] {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return [address];
  const labels = address.slice(at + 1).split('.');
  const domains = labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
  return [address, ...domains];
}
