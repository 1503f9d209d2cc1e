/**
 * Email domains of an organization: how an agent types them, how they are stored (lower-cased, comma
 * separated, no duplicates) and which domain an email address belongs to. Pure, so the rule has one home.
 */

/** A DNS name with at least one dot: labels of letters, digits and inner hyphens, 63 characters each at most. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The column holds 1,000 characters. */
const MAX_STORED = 1000;

export type DomainsResult = { ok: true; domains: string[] } | { ok: false; message: string };

/**
 * Reads what an agent typed (separated by commas, spaces or new lines; an optional leading "@" is dropped):
 * every entry must be a domain name. CASE: "example.com" and "EXAMPLE.com" are one domain.
 */
export function parseDomains(text: string): DomainsResult {
  const entries = text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
  const bad = entries.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) return { ok: false, message: `“${bad.slice(0, 60)}” is not an email domain (like example.com).` };
  const domains = [...new Set(entries)];
  if (domains.join(',').length > MAX_STORED) return { ok: false, message: `The domains are too long together (at most ${MAX_STORED} characters).` };
  return { ok: true, domains };
}

/** The stored column's domains. */
export function storedDomains(column: string): string[] {
  return column.split(',').filter(Boolean);
}

/** The lower-cased domain of an email address, or null when it has none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}
