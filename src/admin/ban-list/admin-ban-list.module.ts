import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { AdminGuard } from '../admin.guard';
import { AdminBanListController } from './admin-ban-list.controller';
import { AdminBanListPresenter } from './admin-ban-list.presenter';

/** Admin section: the ban list (BanListService comes from the global AbuseModule). */
@Module({
  imports: [AuthModule],
  controllers: [AdminBanListController],
  providers: [AdminGuard, AdminBanListPresenter],
})
export class AdminBanListModule {}
