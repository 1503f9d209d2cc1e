import { Module } from '@nestjs/common';

/** Leased background jobs (overdue marking, automations): filled in by the change that builds it. */
@Module({})
export class JobsModule {}
