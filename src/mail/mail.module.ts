import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailDeliveryService } from './mail-delivery.service';
import { MailOutboxService } from './mail-outbox.service';
import { MailTransport } from './mail-transport';
import { OutboxMail } from './outbox-mail.entity';

/** Outgoing mail: the outbox every feature writes to, and its delivery over SMTP. Global. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMail])],
  providers: [MailTransport, MailDeliveryService, MailOutboxService],
  exports: [MailOutboxService, MailDeliveryService],
})
export class MailModule {}
