import { Injectable } from '@nestjs/common';
import { timingSafeDummyHash, verifyPassword } from '../common/password';
import { AgentPrincipal } from '../common/request-context';
import { StaffService } from '../staff/staff.service';
import { LoginThrottleService } from './login-throttle.service';

export type LoginResult = { ok: true; agent: AgentPrincipal } | { ok: false };

/** Checks an agent's username-or-email and password. Every failure looks the same to the visitor. */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly staff: StaffService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async authenticate(login: string, password: string, ip: string): Promise<LoginResult> {
    const keys = LoginThrottleService.keys(login, ip);
    if (!login || !password || login.length > 191 || password.length > 200) return { ok: false };
    if (await this.throttle.isLocked(keys)) return { ok: false };
    const agent = await this.staff.findForLogin(login);
    // CASE: verify against a dummy hash for unknown accounts, so timing does not reveal who exists.
    const valid = await verifyPassword(agent?.passwordHash ?? (await timingSafeDummyHash()), password);
    if (!agent || !valid || !agent.isActive) {
      await this.throttle.recordFailure(keys);
      return { ok: false };
    }
    await this.throttle.recordSuccess(keys);
    await this.staff.recordLogin(agent.id);
    return { ok: true, agent: { id: agent.id, name: agent.name, isAdmin: agent.isAdmin } };
  }
}
