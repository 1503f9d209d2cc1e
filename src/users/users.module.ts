import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UserAccountsService } from './user-accounts.service';
import { UserDirectoryService } from './user-directory.service';
import { UsersService } from './users.service';

/** End users: finding them, creating them (one rule for every path) and correcting their contact details. */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, UserDirectoryService, UserAccountsService],
  exports: [UsersService, UserDirectoryService, UserAccountsService],
})
export class UsersModule {}
