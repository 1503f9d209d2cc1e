import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { AdminGuard } from '../admin.guard';
import { AdminAgentTwoFactorController } from './admin-agent-two-factor.controller';
import { AdminAgentsController } from './admin-agents.controller';
import { AdminRolesController } from './admin-roles.controller';
import { AgentsPresenter } from './agents.presenter';
import { RolesPresenter } from './roles.presenter';

/** Admin section: agents (/scp/admin/agents) and roles (/scp/admin/roles). The rules live in StaffModule. */
@Module({
  imports: [AuthModule],
  controllers: [AdminAgentsController, AdminAgentTwoFactorController, AdminRolesController],
  providers: [AdminGuard, AgentsPresenter, RolesPresenter],
})
export class AdminAgentsModule {}
