import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from '../attachments/attachment.entity';
import { SlaModule } from '../sla/sla.module';
import { ThreadEntry } from '../threads/thread-entry.entity';
import { ThreadService } from '../threads/thread.service';
import { TicketsModule } from '../tickets/tickets.module';
import { AutoCloseRule } from './auto-close.rule';
import { AutomationRulesService } from './automation-rules.service';
import { AutomationsJob } from './automations.job';
import { EscalateRule } from './escalate.rule';
import { JobRunnerService } from './job-runner.service';
import { LeaseService } from './lease.service';
import { OverdueJob } from './overdue.job';

/**
 * Leased background jobs (ARCHITECTURE 10): the runner, the overdue job and the automations job, and the
 * admin's automation rules. The jobs register themselves with the runner; it runs them on their intervals.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntry, Attachment]), TicketsModule, SlaModule],
  providers: [LeaseService, JobRunnerService, ThreadService, OverdueJob, AutomationsJob, AutoCloseRule, EscalateRule, AutomationRulesService],
  exports: [JobRunnerService, LeaseService, AutomationRulesService],
})
export class JobsModule {}
