import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PortalAccessModule } from '../portal-access/portal-access.module';
import { SettingsModule } from '../settings/settings.module';
import { EmailTemplate, EmailTemplateOptOut } from './email-template.entity';
import { EmailTemplatesService } from './email-templates.service';
import { NoticeTemplatesService } from './notice-templates.service';
import { NotificationsService } from './notifications.service';
import { TicketMailer } from './ticket-mailer.service';

/** Ticket notices: templates, and the mail that thread activity causes (autoresponses, replies, alerts). */
@Module({
  imports: [TypeOrmModule.forFeature([EmailTemplate, EmailTemplateOptOut]), PortalAccessModule, SettingsModule],
  providers: [NoticeTemplatesService, TicketMailer, NotificationsService, EmailTemplatesService],
  exports: [NotificationsService, NoticeTemplatesService, TicketMailer, EmailTemplatesService],
})
export class NotificationsModule {}
