import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { TicketsModule } from '../../tickets/tickets.module';
import { AdminGuard } from '../admin.guard';
import { AdminSettingsController } from './admin-settings.controller';
import { SettingsPresenter } from './settings.presenter';

/** Admin section: the help desk's settings (/scp/admin/settings). The rules live in SettingsModule. */
@Module({
  imports: [AuthModule, TicketsModule],
  controllers: [AdminSettingsController],
  providers: [AdminGuard, SettingsPresenter],
})
export class AdminSettingsModule {}
