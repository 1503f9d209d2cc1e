import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthCoreModule } from '../auth/auth-core.module';
import { StaffGuard } from '../auth/staff.guard';
import { AppConfig } from '../config/app-config';
import { resolveSessionSecret } from '../config/environment';
import { Staff } from '../staff/staff.entity';
import { StaffModule } from '../staff/staff.module';
import { ScpTwoFactorLoginController } from './scp-two-factor-login.controller';
import { ScpTwoFactorController } from './scp-two-factor.controller';
import { SecretCipher } from './secret-cipher';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffTwoFactor } from './staff-two-factor.entity';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { TwoFactorLoginService } from './two-factor-login.service';
import { TwoFactorVerifier } from './two-factor-verifier';
import { TwoFactorPresenter } from './two-factor.presenter';
import { TwoFactorService } from './two-factor.service';

/**
 * Optional TOTP two-factor login for agents, with recovery codes: the set-up pages, the second login
 * step, and the gate LocalLoginGuard asks after a right password.
 *
 * CASE: AuthModule imports this module (its login guard needs the gate), so this module cannot import
 * AuthModule back. The login throttle and the login completion come from AuthCoreModule, which both
 * import; StaffGuard (for the profile pages) keeps no state, so it is provided here too.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaffTwoFactor, StaffRecoveryCode, Staff]), AuthCoreModule, StaffModule],
  controllers: [ScpTwoFactorController, ScpTwoFactorLoginController],
  providers: [
    { provide: SecretCipher, useFactory: (config: AppConfig) => new SecretCipher(() => resolveSessionSecret(config)), inject: [AppConfig] },
    TwoFactorVerifier, TwoFactorService, TwoFactorLoginService, TwoFactorLoginGate, TwoFactorPresenter, StaffGuard,
  ],
  exports: [TwoFactorService, TwoFactorLoginGate],
})
export class TwoFactorModule {}
