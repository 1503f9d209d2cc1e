import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppRequest } from '../common/request-context';

/**
 * Runs passport-local on the login form. A failed login does not throw: the controller re-renders the
 * form with one generic message. A successful one starts a new session (passport regenerates the id).
 */
@Injectable()
export class LocalLoginGuard extends AuthGuard('local') {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<AppRequest>();
    if (req.user) await super.logIn(req);
    return true;
  }

  handleRequest<T>(err: unknown, user: T): T | null {
    if (err) throw err;
    return user || null;
  }
}
