import { Injectable } from '@nestjs/common';
import { AuditActor, AuditService } from '../audit/audit.service';
import { SecondFactor } from '../auth/login-completion';
import { AgentPrincipal } from '../common/request-context';
import { StaffService } from '../staff/staff.service';
import { TwoFactorVerifier } from './two-factor-verifier';

/** The second login step's input: a current code from the app, or else a recovery code. */
export interface SecondFactorInput {
  code: string;
  recoveryCode: string;
}

/**
 * The second step of an agent's login, after a right password. Every refusal looks the same to the
 * visitor (wrong code, replayed code, used recovery code, locked, account gone), counts as a failed
 * login in the throttle, and is audited as `auth.two_factor_failed`.
 */
@Injectable()
export class TwoFactorLoginService {
  constructor(
    private readonly verifier: TwoFactorVerifier,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  /** Whether a right password must be followed by a code: two-factor login is on and its secret readable. */
  async isRequired(staffId: number): Promise<boolean> {
    return (await this.verifier.loadEnabled(staffId)) !== null;
  }

  /** The agent to log in, and which factor they gave, when the code (or recovery code) is right; null otherwise. */
  async verify(staffId: number, input: SecondFactorInput, ip: string): Promise<{ agent: AgentPrincipal; secondFactor: SecondFactor } | null> {
    const agent = await this.staff.findActive(staffId);
    const enrolment = agent ? await this.verifier.loadEnabled(staffId) : null;
    if (!agent || !enrolment) return null;
    const actor: AuditActor = { type: 'staff', id: agent.id, name: agent.name, ip };
    const method: SecondFactor = input.recoveryCode ? 'recovery_code' : 'code';
    if (await this.verifier.isLocked(staffId, ip)) {
      await this.audit.record(actor, { action: 'auth.two_factor_failed', after: { method, reason: 'throttled' } });
      return null;
    }
    const ok = input.recoveryCode
      ? await this.verifier.spendRecoveryCode(staffId, input.recoveryCode)
      : await this.verifier.acceptCode(enrolment, input.code);
    if (!ok) {
      await this.audit.record(actor, { action: 'auth.two_factor_failed', after: { method, reason: 'wrong_code' } });
      await this.verifier.recordFailure(actor);
      return null;
    }
    await this.verifier.recordSuccess(staffId, ip);
    if (input.recoveryCode) {
      await this.audit.record(actor, { action: 'auth.recovery_code_used', after: { remaining: await this.verifier.unusedRecoveryCodes(staffId) } });
    }
    return { agent: { id: agent.id, name: agent.name, isAdmin: agent.isAdmin }, secondFactor: method };
  }
}
