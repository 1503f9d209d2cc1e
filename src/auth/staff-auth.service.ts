import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { timingSafeDummyHash, verifyPassword } from '../common/password';
import { AgentPrincipal } from '../common/request-context';
import { StaffService } from '../staff/staff.service';
import { LoginThrottleService, ThrottleLocks } from './login-throttle.service';

export type LoginResult = { ok: true; agent: AgentPrincipal } | { ok: false };
/** Why a login failed, for the audit log only: the visitor always sees one generic message. */
export type LoginFailure = 'invalid_input' | 'throttled' | 'unknown_account' | 'wrong_password' | 'inactive' | 'account_locked';

/**
 * Checks an agent's username-or-email and password. Every failure looks the same to the visitor; a
 * right password is only the first step (see LoginCompletion for where a login completes).
 */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly staff: StaffService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  async authenticate(login: string, password: string, ip: string): Promise<LoginResult> {
    const keys = LoginThrottleService.keys(login, ip);
    if (!login || !password || login.length > 191 || password.length > 200) return this.failed(login, null, ip, 'invalid_input');
    if (await this.throttle.isLocked(keys)) return this.failed(login, await this.staff.findForLogin(login), ip, 'throttled');
    const agent = await this.staff.findForLogin(login);
    // CASE: verify against a dummy hash for unknown accounts, so timing does not reveal who exists.
    const valid = await verifyPassword(agent?.passwordHash ?? (await timingSafeDummyHash()), password);
    if (!agent || !valid || !agent.isActive || agent.isLocked) {
      const locks = await this.throttle.recordFailure(keys);
      const reason = !agent ? 'unknown_account' : !valid ? 'wrong_password' : !agent.isActive ? 'inactive' : 'account_locked';
      return this.failed(login, agent, ip, reason, locks);
    }
    await this.throttle.recordSuccess(keys);
    // The login is not complete yet (a second step may follow): LoginCompletion records it.
    return { ok: true, agent: { id: agent.id, name: agent.name, isAdmin: agent.isAdmin } };
  }

  /**
   * Audits a failed login (and any lock it caused): the actor is the login that was tried, never the
   * password, with the account's id when one exists.
   */
  private async failed(login: string, agent: { id: number } | null, ip: string, reason: LoginFailure, locks?: ThrottleLocks): Promise<LoginResult> {
    const actor = { type: 'staff' as const, id: agent?.id ?? null, name: login.trim() || '(empty)', ip };
    await this.audit.record(actor, { action: 'auth.login_failed', after: { reason } });
    if (locks?.account) await this.audit.record(actor, { action: 'auth.locked_out', after: { locked: 'account', minutes: locks.minutes } });
    if (locks?.ip) await this.audit.record(actor, { action: 'auth.locked_out', after: { locked: 'address', minutes: locks.minutes } });
    return { ok: false };
  }
}
