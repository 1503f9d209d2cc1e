import { Module } from '@nestjs/common';
import { TeamDirectoryService } from './team-directory.service';
import { TeamsService } from './teams.service';

/** Teams: their rules and their admin reads (through the DataSource, like departments). */
@Module({
  providers: [TeamsService, TeamDirectoryService],
  exports: [TeamsService, TeamDirectoryService],
})
export class TeamsModule {}
