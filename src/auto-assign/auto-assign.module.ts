import { Module } from '@nestjs/common';

/** Auto-assignment of new tickets: filled in by the change that builds it. */
@Module({})
export class AutoAssignModule {}
