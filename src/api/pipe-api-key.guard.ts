import { ExecutionContext, Injectable, InternalServerErrorException } from '@nestjs/common';
import { ApiKeyGuard } from '../api-keys/api-key.guard';
import { isDatabaseUnavailable } from '../common/database-errors';

/**
 * ApiKeyGuard for the mail pipe. SECURITY 6: osTicket's pipe scripts turn a 503 into a bounce and a 500
 * into a temporary failure the mail server retries, so a database that cannot be reached while the key
 * is checked must answer 500 here, not the usual 503.
 */
@Injectable()
export class PipeApiKeyGuard extends ApiKeyGuard {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new InternalServerErrorException('The mail was not stored; deliver it again later.');
      throw err;
    }
  }
}
