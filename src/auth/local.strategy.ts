import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { AgentPrincipal } from '../common/request-context';
import { StaffAuthService } from './staff-auth.service';

/** passport-local: the staff login form's username (or email) and password. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: StaffAuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, username: string, password: string): Promise<AgentPrincipal | false> {
    const result = await this.auth.authenticate(String(username), String(password), req.ip ?? 'unknown');
    return result.ok ? result.agent : false;
  }
}
