import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { finished } from 'node:stream/promises';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { StaffService } from '../staff/staff.service';
import { AgentScope } from '../tickets/ticket-access';

type StaffRequest = AppRequest & { agentScope?: AgentScope };

export const SESSION_EXPIRED_NOTICE = 'Your session has expired. Please log in again.';
const PASSWORD_CHANGE_ROUTE = 'relaydesk:password-change-route';

/** Marks the routes an agent who must change their password may still use (the password form). */
export const PasswordChangeRoute = () => SetMetadata(PASSWORD_CHANGE_ROUTE, true);

/**
 * Lets signed-in, active agents through and loads their access scope; others go to the login page.
 * A session SESSION_ABSOLUTE_HOURS old ends however active it was; an agent an admin asked to change
 * their password is sent to the password form from every other page.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly staff: StaffService,
    private readonly reflector: Reflector,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const scope = req.user ? await this.staff.scope(req.user.id) : null;
    if (!scope) throw new DomainError('unauthenticated', 'Please log in to continue.');
    if (this.sessionTooOld(req)) {
      await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
      req.flash?.('info', SESSION_EXPIRED_NOTICE);
      throw new DomainError('unauthenticated', SESSION_EXPIRED_NOTICE);
    }
    req.agentScope = scope;
    if (scope.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_ROUTE, [context.getHandler(), context.getClass()])) {
      const res = context.switchToHttp().getResponse<Response>();
      res.redirect(303, `${this.config.basePath}/scp/profile/password`);
      // CASE: once the redirect is out (express-session finishes it after saving the session), throwing
      // stops the handler (and AdminGuard, which ignores a false return); the error filter leaves a
      // finished response alone.
      await finished(res).catch(() => undefined);
      throw new DomainError('forbidden', 'Choose a new password to continue.');
    }
    return true;
  }

  /**
   * The absolute timeout (SESSION_ABSOLUTE_HOURS after login). LoginCompletion stamps the login time;
   * CASE: a session that began before it did has none, and its first staff page stamps it instead.
   */
  private sessionTooOld(req: StaffRequest): boolean {
    const now = this.clock.now().getTime();
    const loggedInAt = req.session.loggedInAt;
    if (typeof loggedInAt !== 'number') {
      req.session.loggedInAt = now;
      return false;
    }
    return now - loggedInAt >= this.config.session.absoluteHours * 3_600_000;
  }
}

/** The signed-in agent's access scope, in a controller behind StaffGuard. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): AgentScope => {
  const scope = context.switchToHttp().getRequest<StaffRequest>().agentScope;
  if (!scope) throw new DomainError('unauthenticated', 'Please log in to continue.');
  return scope;
});
