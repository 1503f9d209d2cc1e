import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AgentPrincipal, AppRequest } from '../common/request-context';
import { StaffService } from '../staff/staff.service';

/** Which second factor completed a login, for the audit record (none for an agent without two-factor login). */
export type SecondFactor = 'code' | 'recovery_code';

/**
 * The one place an agent's login completes: after the password for an agent without two-factor login,
 * after the code (or a recovery code) for one with it. Nothing before this counts as a login.
 */
@Injectable()
export class LoginCompletion {
  constructor(
    private readonly staff: StaffService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Signs the agent in (passport gives the session a new id), stamps the login time the absolute
   * session timeout counts from, records the agent's last login and audits `auth.login_succeeded`.
   */
  async complete(req: AppRequest, agent: AgentPrincipal, secondFactor: SecondFactor | null = null): Promise<void> {
    await new Promise<void>((resolve, reject) => req.logIn(agent, (err) => (err ? reject(err) : resolve())));
    req.session.loggedInAt = this.clock.now().getTime();
    await this.staff.recordLogin(agent.id);
    await this.audit.record(
      { type: 'staff', id: agent.id, name: agent.name, ip: req.ip ?? 'unknown' },
      { action: 'auth.login_succeeded', ...(secondFactor ? { after: { secondFactor } } : {}) },
    );
  }
}
