import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { invalidField, notFound } from '../common/errors';
import { ContactInfo, UsersService } from './users.service';
import { User } from './user.entity';

const target = (u: User) => ({ type: 'user', id: u.id, label: u.email });
const contact = (u: Pick<User, 'email' | 'name' | 'phone' | 'organizationId'>) => ({ email: u.email, name: u.name, phone: u.phone, organizationId: u.organizationId });
const TAKEN = 'Another user has this email address.';

/** Agents creating end users and correcting their contact details in the staff panel; each change audited. */
@Injectable()
export class UserAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates a user (joining the organization that lists their email domain); an email already in use is a 422. */
  async create(actor: AuditActor, input: ContactInfo): Promise<User> {
    return this.uniqueEmail(() => this.db.transaction(async (m) => {
      await this.checkEmailFree(m, input.email, null);
      const user = await this.users.insert(m, input);
      await this.audit.record(actor, { action: 'user.created', target: target(user), after: contact(user) }, m);
      return user;
    }));
  }

  /**
   * Changes name, phone and email. CASE: a new email must be free (any case); the organization stays
   * as it is (a domain rule applies to new users only; members are moved on the organization's page).
   */
  async update(actor: AuditActor, id: number, input: ContactInfo): Promise<User> {
    return this.uniqueEmail(() => this.db.transaction(async (m) => {
      const repo = m.getRepository(User);
      const before = await repo.findOneBy({ id });
      if (!before) throw notFound('user');
      const email = input.email.trim().toLowerCase();
      await this.checkEmailFree(m, email, id);
      const values = { email, name: input.name.trim(), phone: input.phone || null };
      await repo.update({ id }, { ...values, updatedAt: this.clock.now() });
      const after = { ...before, ...values };
      const diff = changedFields(contact(before), contact(after));
      if (Object.keys(diff.after).length > 0) await this.audit.record(actor, { action: 'user.updated', target: target(after), ...diff }, m);
      return after;
    }));
  }

  private async checkEmailFree(m: EntityManager, email: string, selfId: number | null): Promise<void> {
    const other = await m.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
    if (other && other.id !== selfId) throw invalidField('email', TAKEN);
  }

  /** CASE: two agents saving one address at once: the unique index refuses the second, reported like the check. */
  private async uniqueEmail<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw invalidField('email', TAKEN);
      throw err;
    }
  }
}
