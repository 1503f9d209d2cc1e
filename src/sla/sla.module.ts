import { Module } from '@nestjs/common';

/** SLA tracking (due times, pauses, timeline): filled in by the change that builds it. */
@Module({})
export class SlaModule {}
