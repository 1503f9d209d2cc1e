import { Module } from '@nestjs/common';

/** Intake filters applied to new tickets: filled in by the change that builds it. */
@Module({})
export class FiltersModule {}
