import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { TicketsModule } from '../tickets/tickets.module';
import { BootService } from './boot.service';
import { DemoDataService } from './demo-data.service';
import { FirstAdminService } from './first-admin.service';

@Module({
  imports: [StaffModule, TicketsModule],
  providers: [BootService, FirstAdminService, DemoDataService],
  exports: [BootService, FirstAdminService, DemoDataService],
})
export class BootModule {}
