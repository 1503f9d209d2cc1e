import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '../staff/staff.module';
import { LoginCompletion } from './login-completion';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';

/**
 * What the password step (AuthModule) and the two-factor step (TwoFactorModule) share: the login
 * throttle and the one place a login completes. A module of its own, so AuthModule can import
 * TwoFactorModule (its login guard asks the two-factor gate) and both use one instance of each.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LoginThrottle]), StaffModule],
  providers: [LoginThrottleService, LoginCompletion],
  exports: [LoginThrottleService, LoginCompletion],
})
export class AuthCoreModule {}
