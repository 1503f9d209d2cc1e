import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppRequest } from '../common/request-context';
import { TwoFactorLoginGate } from '../two-factor/two-factor-login.gate';

/**
 * Runs passport-local on the login form. A failed login does not throw: the controller re-renders the
 * form with one generic message. A successful one starts a new session (passport regenerates the id).
 */
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  constructor(private readonly twoFactor: TwoFactorLoginGate) {
    super();
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<AppRequest>();
    // CASE: for an agent with two-factor login, a right password only opens the second step (src/two-factor/).
    if (await this.twoFactor.deferLogin(req)) return true;
    if (req.user) await super.logIn(req);
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T | null {
    if (err) throw err;
    return user || null;
  }
}
