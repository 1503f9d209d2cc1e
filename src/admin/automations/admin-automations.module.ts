import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { JobsModule } from '../../jobs/jobs.module';
import { AdminGuard } from '../admin.guard';
import { AdminAutomationsController } from './admin-automations.controller';
import { AdminAutomationsPresenter } from './admin-automations.presenter';

/** Admin section: time-based automations and the log of background job runs. */
@Module({
  imports: [AuthModule, JobsModule],
  controllers: [AdminAutomationsController],
  providers: [AdminGuard, AdminAutomationsPresenter],
})
export class AdminAutomationsModule {}
