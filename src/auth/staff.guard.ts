import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors';
import { AppRequest } from '../common/request-context';
import { StaffService } from '../staff/staff.service';
import { AgentScope } from '../tickets/ticket-access';

type StaffRequest = AppRequest & { agentScope?: AgentScope };

/** Lets signed-in, active agents through and loads their access scope; others go to the login page. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(private readonly staff: StaffService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const scope = req.user ? await this.staff.scope(req.user.id) : null;
    if (!scope) throw new DomainError('unauthenticated', 'Please log in to continue.');
    req.agentScope = scope;
    return true;
  }
}

/** The signed-in agent's access scope, in a controller behind StaffGuard. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): AgentScope => {
  const scope = context.switchToHttp().getRequest<StaffRequest>().agentScope;
  if (!scope) throw new DomainError('unauthenticated', 'Please log in to continue.');
  return scope;
});
