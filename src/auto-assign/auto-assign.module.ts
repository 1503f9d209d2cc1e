import { Module } from '@nestjs/common';
import { AdminGuard } from '../admin/admin.guard';
import { AuthModule } from '../auth/auth.module';
import { AdminAutoAssignController } from './admin-auto-assign.controller';
import { AutoAssignAdminService } from './auto-assign-admin.service';
import { AutoAssignPresenter } from './auto-assign.presenter';
import { AutoAssignService } from './auto-assign.service';

/**
 * Auto-assignment of new tickets (per department and per team) and its admin page. Intake uses
 * AutoAssignService inside its own transaction; everything here works through that transaction's manager
 * or the DataSource, so no repositories are registered.
 */
@Module({
  imports: [AuthModule],
  controllers: [AdminAutoAssignController],
  providers: [AutoAssignService, AutoAssignAdminService, AutoAssignPresenter, AdminGuard],
  exports: [AutoAssignService],
})
export class AutoAssignModule {}
