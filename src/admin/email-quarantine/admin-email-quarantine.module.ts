import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { InboundMailModule } from '../../inbound-mail/inbound-mail.module';
import { AdminGuard } from '../admin.guard';
import { AdminEmailQuarantineController } from './admin-email-quarantine.controller';
import { AdminEmailQuarantinePresenter } from './admin-email-quarantine.presenter';

/** Admin section: the inbound mail quarantine. */
@Module({
  imports: [AuthModule, InboundMailModule],
  controllers: [AdminEmailQuarantineController],
  providers: [AdminGuard, AdminEmailQuarantinePresenter],
})
export class AdminEmailQuarantineModule {}
