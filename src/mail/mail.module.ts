import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailAccountsModule } from '../email-accounts/email-accounts.module';
import { EmailLogService } from './email-log.service';
import { MailDeliveryService } from './mail-delivery.service';
import { MailOutboxService } from './mail-outbox.service';
import { MailTransport } from './mail-transport';
import { OutboxMail } from './outbox-mail.entity';
import { ReplyTokensService } from './reply-tokens.service';

/** Outgoing mail: the outbox every feature writes to, and its delivery over SMTP. Global. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail]), EmailAccountsModule],
  providers: [MailTransport, MailDeliveryService, MailOutboxService, ReplyTokensService, EmailLogService],
  exports: [MailOutboxService, MailDeliveryService, ReplyTokensService, EmailLogService],
})
export class MailModule {}
