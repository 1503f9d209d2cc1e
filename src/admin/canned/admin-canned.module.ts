import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { CannedModule } from '../../canned/canned.module';
import { AdminGuard } from '../admin.guard';
import { AdminCannedController } from './admin-canned.controller';
import { AdminCannedFilesController } from './admin-canned-files.controller';
import { AdminCannedPresenter } from './admin-canned.presenter';

/** Admin section: canned responses. */
@Module({
  imports: [AuthModule, CannedModule],
  controllers: [AdminCannedController, AdminCannedFilesController],
  providers: [AdminGuard, AdminCannedPresenter],
})
export class AdminCannedModule {}
