import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { organizationForEmail } from '../organizations/organization-match';
import { User } from './user.entity';

export interface ContactInfo {
  email: string;
  name: string;
  phone?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly clock: Clock,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  /**
   * The end user with this email, created on first contact. CASE: an existing user keeps the name they
   * registered with; a phone number is filled in only when none was known.
   */
  async findOrCreate(contact: ContactInfo, manager: EntityManager = this.users.manager): Promise<User> {
    const repo = manager.getRepository(User);
    const email = contact.email.trim().toLowerCase();
    const existing = await repo.findOneBy({ email });
    if (existing) {
      if (!existing.phone && contact.phone) await repo.update({ id: existing.id }, { phone: contact.phone });
      return existing;
    }
    try {
      return await this.insert(manager, { ...contact, email });
    } catch (err) {
      // CASE: two first contacts from one address at once; the unique index lets one win. Inside a
      // MySQL transaction a plain read sees the old snapshot, so re-read with a locking read.
      if (err instanceof QueryFailedError) {
        const query = repo.createQueryBuilder('u').where('u.email = :email', { email });
        if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_read');
        const winner = await query.getOne();
        if (winner) return winner;
      }
      throw err;
    }
  }

  /**
   * Writes a new end user. The one place users are created (portal, API, mail, the staff panel), so every
   * path applies the same rule: CASE: a user whose email domain an organization lists joins it.
   */
  async insert(manager: EntityManager, contact: ContactInfo): Promise<User> {
    const repo = manager.getRepository(User);
    const email = contact.email.trim().toLowerCase();
    const organization = await organizationForEmail(manager, email);
    const now = this.clock.now();
    return repo.save(repo.create({
      email, name: contact.name.trim(), phone: contact.phone || null, organizationId: organization?.id ?? null, createdAt: now, updatedAt: now,
    }));
  }
}
