import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { AdminGuard } from '../admin.guard';
import { AdminEmailLogController } from './admin-email-log.controller';
import { AdminEmailLogPresenter } from './admin-email-log.presenter';

/** Admin section: the email log (MailModule is global). */
@Module({
  imports: [AuthModule],
  controllers: [AdminEmailLogController],
  providers: [AdminGuard, AdminEmailLogPresenter],
})
export class AdminEmailLogModule {}
