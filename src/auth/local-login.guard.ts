import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppRequest } from '../common/request-context';
import { TwoFactorLoginGate } from '../two-factor/two-factor-login.gate';
import { LoginCompletion } from './login-completion';

/**
 * Runs passport-local on the login form. A failed login does not throw: the controller re-renders the
 * form with one generic message. A right password completes the login (a new session id, see
 * LoginCompletion) unless the agent has two-factor login, whose login completes after the code.
 */
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  constructor(
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly completion: LoginCompletion,
  ) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<AppRequest>();
    // CASE: for an agent with two-factor login, a right password only opens the second step (src/two-factor/).
    if (await this.twoFactor.deferLogin(req)) return true;
    if (req.user) await this.completion.complete(req, req.user);
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T | null {
    if (err) throw err;
    return user || null;
  }
}
