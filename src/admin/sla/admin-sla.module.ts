import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { SchedulesAdminService } from '../../sla/schedules-admin.service';
import { SlaPlansAdminService } from '../../sla/sla-plans-admin.service';
import { SlaPreviewService } from '../../sla/sla-preview.service';
import { AdminGuard } from '../admin.guard';
import { AdminSchedulesController } from './admin-schedules.controller';
import { AdminSlaPlansController } from './admin-sla-plans.controller';
import { SchedulesPresenter } from './schedules.presenter';
import { SlaPlansPresenter } from './sla-plans.presenter';

/**
 * Admin section: SLA plans (with the preview) and business-hours schedules. The rules live in the sla
 * feature's admin services, provided here, their only users (they work through the DataSource).
 */
@Module({
  imports: [AuthModule],
  controllers: [AdminSlaPlansController, AdminSchedulesController],
  providers: [AdminGuard, SlaPlansAdminService, SchedulesAdminService, SlaPreviewService, SlaPlansPresenter, SchedulesPresenter],
})
export class AdminSlaModule {}
