import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { AccountSecurityPresenter } from './account-security.presenter';
import { AttemptLimiter } from './attempt-limiter';
import { PasswordChangeController } from './password-change.controller';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetService } from './password-reset.service';

/** Agent account security: the password policy, changing a password, resetting it by mail. */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([LoginThrottle])],
  controllers: [PasswordChangeController, PasswordResetController],
  providers: [AccountSecurityPresenter, AttemptLimiter, PasswordChangeService, PasswordResetService],
  exports: [PasswordChangeService, PasswordResetService],
})
export class AccountSecurityModule {}
