import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AbuseModule } from './abuse/abuse.module';
import { AccountSecurityModule } from './account-security/account-security.module';
import { AdminModule } from './admin/admin.module';
import { AutoAssignModule } from './auto-assign/auto-assign.module';
import { FiltersModule } from './filters/filters.module';
import { JobsModule } from './jobs/jobs.module';
import { KbPagesModule } from './kb/pages/kb-pages.module';
import { SatisfactionPagesModule } from './satisfaction/pages/satisfaction-pages.module';
import { SlaModule } from './sla/sla.module';
import { ApiModule } from './api/api.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BootModule } from './boot/boot.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { serializeSqlite } from './database/sqlite-serializer';
import { HealthModule } from './health/health.module';
import { ImapFetchModule } from './imap-fetch/imap-fetch.module';
import { InboundMailModule } from './inbound-mail/inbound-mail.module';
import { MailModule } from './mail/mail.module';
import { EmailAccountsModule } from './email-accounts/email-accounts.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PortalAccessModule } from './portal-access/portal-access.module';
import { PortalModule } from './portal/portal.module';
import { ScpModule } from './scp/scp.module';
import { ScpPeopleModule } from './scp/scp-people.module';
import { SettingsModule } from './settings/settings.module';
import { TicketsModule } from './tickets/tickets.module';
import { TicketLinksModule } from './ticket-links/ticket-links.module';
import { TwoFactorModule } from './two-factor/two-factor.module';

/** The whole application, built from one validated configuration (main.ts, the CLI and tests alike). */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), retryAttempts: config.env === 'test' ? 0 : 10 }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            const ds = await new DataSource(options!).initialize();
            serializeSqlite(ds);
            return ds;
          },
        }),
        CommonModule,
        AuditModule,
        SettingsModule,
        MailModule,
        PortalAccessModule,
        AbuseModule,
        EmailAccountsModule,
        NotificationsModule,
        AuthModule,
        TicketsModule,
        TicketLinksModule,
        BootModule,
        HealthModule,
        PortalModule,
        // Before ScpModule: Nest registers routes module by module, and /scp/tickets/new must win over /scp/tickets/:id.
        ScpPeopleModule,
        ScpModule,
        AdminModule,
        SlaModule,
        JobsModule,
        ImapFetchModule,
        FiltersModule,
        AutoAssignModule,
        ApiModule,
        InboundMailModule,
        AccountSecurityModule,
        TwoFactorModule,
        KbPagesModule,
        SatisfactionPagesModule,
      ],
    };
  }
}
