import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SearchModule } from '../search/search.module';
import { Staff } from '../staff/staff.entity';
import { AgentPreferencesService } from './agent-preferences.service';

/** Agents' own preferences (page size, landing queue, time zone, signature). */
@Module({
  imports: [TypeOrmModule.forFeature([Staff]), SearchModule],
  providers: [AgentPreferencesService],
  exports: [AgentPreferencesService],
})
export class PreferencesModule {}
