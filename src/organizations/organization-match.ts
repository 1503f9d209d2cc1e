import { EntityManager } from 'typeorm';
import { containsPattern } from '../common/like-pattern';
import { Organization } from './organization.entity';
import { emailDomain, storedDomains } from './organization-domains';

/**
 * The organization whose listed email domains include this address's domain, or null. CASE: the LIKE
 * only narrows the rows (organizations are few, and "ample.com" is inside "example.com"); the exact
 * check on the split list decides. Domains are unique across organizations (OrganizationsService), the
 * lowest id wins should old data disagree.
 */
export async function organizationForEmail(manager: EntityManager, email: string): Promise<Organization | null> {
  const domain = emailDomain(email);
  return domain ? organizationForDomain(manager, domain) : null;
}

/** The organization listing this (lower-cased) domain, or null. */
export async function organizationForDomain(manager: EntityManager, domain: string): Promise<Organization | null> {
  const candidates = await manager.getRepository(Organization).createQueryBuilder('o')
    .where("o.domains LIKE :pattern ESCAPE '!'", { pattern: containsPattern(domain) })
    .orderBy('o.id', 'ASC')
    .getMany();
  return candidates.find((o) => storedDomains(o.domains).includes(domain)) ?? null;
}
