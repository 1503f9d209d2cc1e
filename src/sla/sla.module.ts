import { Module } from '@nestjs/common';
import { SlaTimelineService } from './sla-timeline.service';
import { SlaService } from './sla.service';

/**
 * SLA tracking: the plan a new ticket gets, its clock's pauses, its due times (written on the ticket in the
 * transaction that moved them) and its timeline. Works through the DataSource: no repository registration.
 */
@Module({
  providers: [SlaService, SlaTimelineService],
  exports: [SlaService, SlaTimelineService],
})
export class SlaModule {}
