import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { prefixPattern } from '../common/like-pattern';
import { User } from '../users/user.entity';
import { Organization, OrganizationSharing } from './organization.entity';
import { parseDomains } from './organization-domains';
import { organizationForDomain } from './organization-match';

export interface OrganizationInput {
  name: string;
  /** As typed: separated by commas, spaces or new lines. */
  domains: string;
  sharing: OrganizationSharing;
  notes: string;
}

export interface OrganizationPage {
  rows: Organization[];
  /** The last name of this page, for the next page's `after`; null on the last page. */
  nextAfter: string | null;
}

export interface MemberPage {
  members: User[];
  nextAfter: number | null;
}

export const ORGANIZATIONS_PAGE_SIZE = 25;
export const MEMBERS_PAGE_SIZE = 25;

const target = (o: Organization) => ({ type: 'organization', id: o.id, label: o.name });
const snapshot = (o: Organization) => ({ name: o.name, domains: o.domains, sharing: o.sharing, notes: o.notes });

/**
 * Organizations of end users, managed by agents in the staff panel (every agent, as in osTicket; each
 * change is audited). Members join by hand here, or on creation when their email domain is listed
 * (organization-match.ts, used by UsersService). Deleting an organization leaves its members as users.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A page of organizations by name (keyset on the unique name index), optionally those whose name starts with `term`. */
  async list(term: string, after: string | null): Promise<OrganizationPage> {
    const query = this.db.getRepository(Organization).createQueryBuilder('o').orderBy('o.name', 'ASC').limit(ORGANIZATIONS_PAGE_SIZE + 1);
    if (term) query.andWhere("o.name LIKE :term ESCAPE '!'", { term: prefixPattern(term) });
    if (after !== null) query.andWhere('o.name > :after', { after });
    const rows = await query.getMany();
    const page = rows.slice(0, ORGANIZATIONS_PAGE_SIZE);
    return { rows: page, nextAfter: rows.length > ORGANIZATIONS_PAGE_SIZE ? page[page.length - 1].name : null };
  }

  async require(id: number): Promise<Organization> {
    const org = await this.db.getRepository(Organization).findOneBy({ id });
    if (!org) throw notFound('organization');
    return org;
  }

  /** A page of an organization's members, oldest first (keyset on users_organization_idx). */
  async members(organizationId: number, after: number | null): Promise<MemberPage> {
    const query = this.db.getRepository(User).createQueryBuilder('u')
      .where('u.organizationId = :organizationId', { organizationId })
      .orderBy('u.id', 'ASC').limit(MEMBERS_PAGE_SIZE + 1);
    if (after !== null) query.andWhere('u.id > :after', { after });
    const rows = await query.getMany();
    const members = rows.slice(0, MEMBERS_PAGE_SIZE);
    return { members, nextAfter: rows.length > MEMBERS_PAGE_SIZE ? members[members.length - 1].id : null };
  }

  async create(actor: AuditActor, input: OrganizationInput): Promise<Organization> {
    return this.db.transaction(async (m) => {
      const values = await this.checked(m, input, null);
      const now = this.clock.now();
      const repo = m.getRepository(Organization);
      const org = await repo.save(repo.create({ ...values, createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'organization.created', target: target(org), after: snapshot(org) }, m);
      return org;
    });
  }

  async update(actor: AuditActor, id: number, input: OrganizationInput): Promise<Organization> {
    return this.db.transaction(async (m) => {
      const before = await this.lock(m, id);
      const values = await this.checked(m, input, id);
      await m.update(Organization, { id }, { ...values, updatedAt: this.clock.now() });
      const after = { ...before, ...values };
      const diff = changedFields(snapshot(before), snapshot(after));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'organization.updated', target: target(after), ...diff }, m);
      return after;
    });
  }

  /** Deletes the organization; its members stay, as individual users. */
  async delete(actor: AuditActor, id: number): Promise<Organization> {
    return this.db.transaction(async (m) => {
      const org = await this.lock(m, id);
      // Explicit rather than left to the foreign key's SET NULL, so it holds wherever foreign keys are off.
      await m.update(User, { organizationId: id }, { organizationId: null });
      await m.delete(Organization, { id });
      await this.audit.record(actor, { action: 'organization.deleted', target: target(org), before: snapshot(org) }, m);
      return org;
    });
  }

  /**
   * Adds an existing user (by email) to the organization. CASE: a member of another organization moves
   * here (a user belongs to one organization at most); the audit record names where they came from.
   */
  async addMember(actor: AuditActor, id: number, email: string): Promise<User> {
    return this.db.transaction(async (m) => {
      const org = await this.lock(m, id);
      const user = await m.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
      if (!user) throw invalidField('email', 'No user has this email address. Create the user first.');
      if (user.organizationId === id) throw invalidField('email', `${user.name} is already a member.`);
      await m.update(User, { id: user.id }, { organizationId: id, updatedAt: this.clock.now() });
      await this.audit.record(actor, {
        action: 'organization.member_added', target: target(org),
        before: { userId: user.id, email: user.email, organizationId: user.organizationId }, after: { userId: user.id, email: user.email, organizationId: id },
      }, m);
      return user;
    });
  }

  /** Removes a member (they stay a user); a user who is not a member is a 404. */
  async removeMember(actor: AuditActor, id: number, userId: number): Promise<User> {
    return this.db.transaction(async (m) => {
      const org = await this.lock(m, id);
      const user = await m.getRepository(User).findOneBy({ id: userId, organizationId: id });
      if (!user) throw notFound('member');
      await m.update(User, { id: user.id }, { organizationId: null, updatedAt: this.clock.now() });
      await this.audit.record(actor, {
        action: 'organization.member_removed', target: target(org),
        before: { userId: user.id, email: user.email, organizationId: id }, after: { userId: user.id, email: user.email, organizationId: null },
      }, m);
      return user;
    });
  }

  private async lock(m: EntityManager, id: number): Promise<Organization> {
    const query = m.getRepository(Organization).createQueryBuilder('o').where('o.id = :id', { id });
    if (this.db.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
    const org = await query.getOne();
    if (!org) throw notFound('organization');
    return org;
  }

  /**
   * The input's columns once checked: the name unique whatever its case, each domain a domain name and
   * listed by no other organization (a new user must join exactly one).
   */
  private async checked(m: EntityManager, input: OrganizationInput, selfId: number | null): Promise<Pick<Organization, 'name' | 'domains' | 'sharing' | 'notes'>> {
    const name = input.name.trim();
    const parsed = parseDomains(input.domains);
    const errors: Record<string, string> = {};
    const sameName = await m.getRepository(Organization).createQueryBuilder('o').where('LOWER(o.name) = :name', { name: name.toLowerCase() }).getOne();
    if (sameName && sameName.id !== selfId) errors.name = 'Another organization has this name.';
    if (!parsed.ok) errors.domains = parsed.message;
    else {
      for (const domain of parsed.domains) {
        const owner = await organizationForDomain(m, domain);
        if (owner && owner.id !== selfId) {
          errors.domains = `The domain ${domain} is already listed by ${owner.name}.`;
          break;
        }
      }
    }
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    return { name, domains: parsed.ok ? parsed.domains.join(',') : '', sharing: input.sharing, notes: input.notes.trim() || null };
  }
}
