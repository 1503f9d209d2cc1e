import { Module } from '@nestjs/common';

/** Admin section: filled in by the change that builds it. */
@Module({})
export class AdminSlaModule {}
