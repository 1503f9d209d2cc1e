import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { AdminGuard } from '../admin.guard';
import { AdminEmailTemplatesController } from './admin-email-templates.controller';
import { AdminEmailTemplatesPresenter } from './admin-email-templates.presenter';

/** Admin section: email templates. */
@Module({
  imports: [AuthModule, NotificationsModule],
  controllers: [AdminEmailTemplatesController],
  providers: [AdminGuard, AdminEmailTemplatesPresenter],
})
export class AdminEmailTemplatesModule {}
