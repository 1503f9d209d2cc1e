import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, staffActor } from '../audit/audit.service';
import { endAgentSessions } from '../auth/agent-sessions';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { hashPassword, verifyPassword } from '../common/password';
import { Staff } from '../staff/staff.entity';
import { AttemptLimiter } from './attempt-limiter';
import { passwordPolicyErrors } from './password-policy';
import { cancelResetLinks } from './reset-links';

export interface PasswordChange {
  currentPassword: string;
  password: string;
  confirm: string;
}

/** Wrong current passwords allowed before the form refuses for a while (a borrowed session must not guess). */
const WRONG_CURRENT = { max: 5, windowMinutes: 15 };
export const TOO_MANY_WRONG = 'Too many wrong passwords. Please wait 15 minutes and try again.';

/** An agent's own password, changed while signed in. */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * Changes the signed-in agent's password: the current one must be right (5 wrong tries lock the form
   * for 15 minutes), the new one must pass the policy. Clears "must change password", voids unused
   * reset links, ends the agent's other sessions (this one stays) and audits `auth.password_changed`,
   * all in one transaction.
   */
  async change(agent: { staffId: number; name: string }, input: PasswordChange, context: { ip: string | undefined; sessionId: string }): Promise<void> {
    const limitKey = `password-change:${agent.staffId}`;
    if (await this.limiter.isBlocked(limitKey)) throw new DomainError('rate_limited', TOO_MANY_WRONG, { currentPassword: TOO_MANY_WRONG });
    const staff = await this.db.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id: agent.staffId }).getOne();
    if (!staff) throw notFound();
    if (!(await verifyPassword(staff.passwordHash, input.currentPassword))) {
      await this.limiter.take(limitKey, WRONG_CURRENT);
      throw invalidField('currentPassword', 'Your current password is not correct.');
    }
    const errors = passwordPolicyErrors({
      password: input.password, confirm: input.confirm, username: staff.username, email: staff.email,
      sameAsCurrent: await verifyPassword(staff.passwordHash, input.password),
    });
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);

    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      await manager.getRepository(Staff).update({ id: staff.id }, { passwordHash, mustChangePassword: false, updatedAt: now });
      await cancelResetLinks(manager, staff.id, now);
      const ended = await endAgentSessions(manager, staff.id, context.sessionId);
      await this.audit.record(staffActor(agent, context.ip), {
        action: 'auth.password_changed',
        target: { type: 'staff', id: staff.id, label: staff.username },
        after: { otherSessionsEnded: ended },
      }, manager);
    });
    await this.limiter.clear(limitKey);
  }
}
