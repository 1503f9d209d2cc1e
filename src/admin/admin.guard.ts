import { ExecutionContext, Injectable } from '@nestjs/common';
import { StaffGuard } from '../auth/staff.guard';
import { notFound } from '../common/errors';

/**
 * Admin pages: a signed-in agent with admin rights. Everyone else signed in gets the same 404 as for a
 * page that does not exist (issue: "a non-admin posting to an admin URL: 404").
 */
@Injectable()
export class AdminGuard extends StaffGuard {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!(await super.canActivate(context))) return false;
    const req = context.switchToHttp().getRequest<{ agentScope?: { isAdmin: boolean } }>();
    if (!req.agentScope?.isAdmin) throw notFound();
    return true;
  }
}
