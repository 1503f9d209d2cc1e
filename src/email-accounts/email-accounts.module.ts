import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { resolveSessionSecret } from '../config/environment';
import { EmailAccount } from './email-account.entity';
import { EmailAccountsService } from './email-accounts.service';
import { MailboxProbe } from './mailbox-probe';
import { MailPasswordCipher } from './password-cipher';

/** The help desk's mailboxes: settings with encrypted passwords, lookups for intake and fetching, connection tests. */
@Module({
  imports: [TypeOrmModule.forFeature([EmailAccount]), AuditModule],
  providers: [
    { provide: MailPasswordCipher, useFactory: (config: AppConfig) => new MailPasswordCipher(() => resolveSessionSecret(config)), inject: [AppConfig] },
    EmailAccountsService, MailboxProbe,
  ],
  exports: [EmailAccountsService, MailboxProbe],
})
export class EmailAccountsModule {}
