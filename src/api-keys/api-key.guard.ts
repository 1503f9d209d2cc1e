import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/errors';
import { ApiKey, ApiScope } from './api-keys.entities';
import { ApiKeysService } from './api-keys.service';

const SCOPE_KEY = 'relaydesk:api-scope';

/** The scope an /api route needs: `@UseGuards(ApiKeyGuard) @RequireScope('tickets.read')`. */
export const RequireScope = (scope: ApiScope) => SetMetadata(SCOPE_KEY, scope);

type ApiRequest = Request & { apiKey?: ApiKey };

/**
 * Lets a request through when its X-API-Key header holds a valid key with the route's scope (SECURITY
 * 13). Only that header counts: a key in the query string would end up in access logs and browser
 * history, so `?api_key=` is ignored. A route without @RequireScope is refused, never left open.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<ApiScope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (!scope) throw new DomainError('forbidden', 'This endpoint is not open to API keys.');
    const req = context.switchToHttp().getRequest<ApiRequest>();
    req.apiKey = await this.keys.authenticate(req.headers['x-api-key'], req.ip, scope);
    return true;
  }
}

/** The key ApiKeyGuard accepted, in an /api controller. */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): ApiKey => {
  const key = context.switchToHttp().getRequest<ApiRequest>().apiKey;
  if (!key) throw new DomainError('unauthenticated', 'Send your API key in the X-API-Key header.');
  return key;
});
