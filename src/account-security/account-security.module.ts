import { Module } from '@nestjs/common';

/** Agent account security (password policy and reset, two-factor login): filled in by the change that builds it. */
@Module({})
export class AccountSecurityModule {}
