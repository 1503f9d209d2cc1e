import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminAgentsModule } from './agents/admin-agents.module';
import { AdminBanListModule } from './ban-list/admin-ban-list.module';
import { AdminApiKeysModule } from './api-keys/admin-api-keys.module';
import { AdminAuditModule } from './audit/admin-audit.module';
import { AdminCannedModule } from './canned/admin-canned.module';
import { AdminEmailAccountsModule } from './email-accounts/admin-email-accounts.module';
import { AdminEmailQuarantineModule } from './email-quarantine/admin-email-quarantine.module';
import { AdminEmailLogModule } from './email-log/admin-email-log.module';
import { AdminEmailTemplatesModule } from './email-templates/admin-email-templates.module';
import { AdminCatalogModule } from './catalog/admin-catalog.module';
import { AdminFormsModule } from './forms/admin-forms.module';
import { AdminSettingsModule } from './settings/admin-settings.module';
import { AdminAutomationsModule } from './automations/admin-automations.module';
import { AdminFiltersModule } from './filters/admin-filters.module';
import { AdminSlaModule } from './sla/admin-sla.module';
import { AdminHomeController } from './admin-home.controller';
import { AdminGuard } from './admin.guard';

/** The admin panel at /scp/admin. Each section is its own module, imported here. */
@Module({
  imports: [
    AuthModule, AdminSettingsModule, AdminCatalogModule, AdminAgentsModule, AdminAuditModule, AdminFormsModule,
    AdminCannedModule, AdminApiKeysModule, AdminSlaModule, AdminFiltersModule, AdminAutomationsModule,
    AdminBanListModule,
    AdminEmailAccountsModule,
    AdminEmailQuarantineModule,
    AdminEmailLogModule,
    AdminEmailTemplatesModule,
  ],
  controllers: [AdminHomeController],
  providers: [AdminGuard],
  exports: [AdminGuard, AuthModule],
})
export class AdminModule {}
