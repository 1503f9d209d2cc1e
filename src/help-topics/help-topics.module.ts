import { Module } from '@nestjs/common';
import { HelpTopicsService } from './help-topics.service';

/** Help topics: admin management of the tree and the defaults each topic gives new tickets. */
@Module({
  providers: [HelpTopicsService],
  exports: [HelpTopicsService],
})
export class HelpTopicsModule {}
