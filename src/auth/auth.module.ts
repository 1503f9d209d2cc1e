import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '../staff/staff.module';
import { LocalLoginGuard } from './local-login.guard';
import { LocalStrategy } from './local.strategy';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';
import { SessionSerializer } from './session.serializer';
import { StaffAuthService } from './staff-auth.service';
import { StaffGuard } from './staff.guard';

@Module({
  imports: [PassportModule.register({ session: true }), TypeOrmModule.forFeature([LoginThrottle]), StaffModule],
  providers: [StaffAuthService, LoginThrottleService, LocalStrategy, SessionSerializer, LocalLoginGuard, StaffGuard],
  exports: [LocalLoginGuard, StaffGuard, StaffModule],
})
export class AuthModule {}
