import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Team } from '../teams/team.entity';
import { SavedQueue } from './saved-queue.entity';
import { SavedQueuesService } from './saved-queues.service';
import { SearchIndexCheck } from './search-index.check';
import { TeamOptionsService } from './team-options.service';

/** Custom queues (saved searches) and the full-text index's upkeep; the search itself runs in TicketQueuesService. */
@Module({
  imports: [TypeOrmModule.forFeature([SavedQueue, Team]), AuditModule],
  providers: [SavedQueuesService, SearchIndexCheck, TeamOptionsService],
  exports: [SavedQueuesService, TeamOptionsService],
})
export class SearchModule {}
