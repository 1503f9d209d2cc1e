import { Injectable } from '@nestjs/common';
import { LoginCompletion, SecondFactor } from '../auth/login-completion';
import { Clock } from '../common/clock';
import { AgentPrincipal, AppRequest } from '../common/request-context';
import { TwoFactorLoginService } from './two-factor-login.service';

/** How long the second step waits for its code after the right password. */
export const PENDING_STEP_MS = 5 * 60_000;

export type PendingStep = { state: 'none' } | { state: 'expired' } | { state: 'waiting'; staffId: number; next: string | null };

/**
 * The session side of two-factor login: holding a login back after the password, finding the pending
 * step, and completing the login after the code. The session never holds a logged-in agent in between.
 */
@Injectable()
export class TwoFactorLoginGate {
  constructor(
    private readonly login: TwoFactorLoginService,
    private readonly completion: LoginCompletion,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs in LocalLoginGuard after passport-local has checked the password. For an agent with two-factor
   * login on, it holds the login back: no req.user, a new session id (an id planted before the password
   * never carries the pending step), and `session.pendingTwoFactor`. Any older pending step is dropped
   * first, whatever the outcome. Returns whether it held the login back.
   */
  async deferLogin(req: AppRequest): Promise<boolean> {
    if (req.session) delete req.session.pendingTwoFactor;
    if (!req.user || !(await this.login.isRequired(req.user.id))) return false;
    const staffId = req.user.id;
    req.user = undefined;
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.pendingTwoFactor = { staffId, at: this.clock.now().getTime() };
    return true;
  }

  /** This session's pending step. CASE: an expired one is removed at once, so it cannot be revived. */
  pending(req: AppRequest): PendingStep {
    const pending = req.session?.pendingTwoFactor;
    if (!pending || typeof pending.staffId !== 'number' || typeof pending.at !== 'number') return { state: 'none' };
    const age = this.clock.now().getTime() - pending.at;
    if (age < 0 || age > PENDING_STEP_MS) {
      delete req.session.pendingTwoFactor;
      return { state: 'expired' };
    }
    return { state: 'waiting', staffId: pending.staffId, next: pending.next ?? null };
  }

  /** Logs the agent in after the second step: the pending step goes, and the login completes (a new session id). */
  async complete(req: AppRequest, agent: AgentPrincipal, secondFactor: SecondFactor): Promise<void> {
    delete req.session.pendingTwoFactor;
    await this.completion.complete(req, agent, secondFactor);
  }
}
