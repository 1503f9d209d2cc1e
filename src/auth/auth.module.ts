import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { StaffModule } from '../staff/staff.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { AuthCoreModule } from './auth-core.module';
import { LocalLoginGuard } from './local-login.guard';
import { LocalStrategy } from './local.strategy';
import { SessionSerializer } from './session.serializer';
import { StaffAuthService } from './staff-auth.service';
import { StaffGuard } from './staff.guard';

@Module({
  imports: [PassportModule.register({ session: true }), AuthCoreModule, StaffModule, TwoFactorModule],
  providers: [StaffAuthService, LocalStrategy, SessionSerializer, LocalLoginGuard, StaffGuard],
  // TwoFactorModule and AuthCoreModule too: a controller's module builds the guards it uses, and
  // LocalLoginGuard needs the two-factor gate and the login completion.
  exports: [LocalLoginGuard, StaffGuard, StaffModule, TwoFactorModule, AuthCoreModule],
})
export class AuthModule {}
