import { Module } from '@nestjs/common';
import { EmailAccountsModule } from '../email-accounts/email-accounts.module';
import { InboundMailModule } from '../inbound-mail/inbound-mail.module';
import { InboundMailService } from '../inbound-mail/inbound-mail.service';
import { JobsModule } from '../jobs/jobs.module';
import { ImapFetcher } from './imap-fetcher.service';
import { MailFetchJob } from './mail-fetch.job';
import { MailboxCursorsService } from './mailbox-cursors.service';
import { MailReceiver } from './mail-receiver';

/**
 * Fetching the help desk's mailboxes over IMAP into inbound-mail intake, on a schedule (MailFetchJob) or
 * by hand (`fetch-mail`). Exports the cursors service for the fetch status on the email accounts list.
 */
@Module({
  imports: [EmailAccountsModule, InboundMailModule, JobsModule],
  providers: [
    { provide: MailReceiver, useExisting: InboundMailService },
    MailboxCursorsService, ImapFetcher, MailFetchJob,
  ],
  exports: [MailFetchJob, MailboxCursorsService],
})
export class ImapFetchModule {}
