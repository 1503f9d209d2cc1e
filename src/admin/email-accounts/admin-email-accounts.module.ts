import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { EmailAccountsModule } from '../../email-accounts/email-accounts.module';
import { ImapFetchModule } from '../../imap-fetch/imap-fetch.module';
import { AdminGuard } from '../admin.guard';
import { AdminEmailAccountsController } from './admin-email-accounts.controller';
import { AdminEmailAccountsPresenter } from './admin-email-accounts.presenter';

/** Admin section: email accounts. */
@Module({
  imports: [AuthModule, EmailAccountsModule, ImapFetchModule],
  controllers: [AdminEmailAccountsController],
  providers: [AdminGuard, AdminEmailAccountsPresenter],
})
export class AdminEmailAccountsModule {}
