import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '../staff/staff.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { LocalLoginGuard } from './local-login.guard';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';
import { SessionSerializer } from './session.serializer';
import { StaffAuthService } from './staff-auth.service';
import { StaffGuard } from './staff.guard';

@Module({
  imports: [PassportModule.register({ session: true }), TypeOrmModule.forFeature([LoginThrottle]), StaffModule, TwoFactorModule],
  providers: [StaffAuthService, LoginThrottleService, LocalStrategy, SessionSerializer, LocalLoginGuard, StaffGuard],
  // TwoFactorModule too: a controller's module builds the guards it uses, and LocalLoginGuard needs its gate.
  exports: [LocalLoginGuard, StaffGuard, StaffModule, TwoFactorModule],
})
export class AuthModule {}
