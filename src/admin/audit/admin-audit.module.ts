import { Module } from '@nestjs/common';
import { AuditLogService } from '../../audit/audit-log.service';
import { AuthModule } from '../../auth/auth.module';
import { AdminGuard } from '../admin.guard';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAuditPresenter } from './admin-audit.presenter';

/**
 * Admin section: the audit log viewer. AuditLogService reads through the AuditEvent repository the
 * global AuditModule exports, so this area module needs no TypeORM import of its own.
 */
@Module({
  imports: [AuthModule],
  controllers: [AdminAuditController],
  providers: [AdminGuard, AdminAuditPresenter, AuditLogService],
})
export class AdminAuditModule {}
