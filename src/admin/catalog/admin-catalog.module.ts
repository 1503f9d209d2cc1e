import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { DepartmentsModule } from '../../departments/departments.module';
import { TeamsModule } from '../../teams/teams.module';
import { PrioritiesAdminService } from '../../tickets/priorities-admin.service';
import { TicketStatusesAdminService } from '../../tickets/ticket-statuses-admin.service';
import { AdminGuard } from '../admin.guard';
import { AdminDepartmentsController } from './admin-departments.controller';
import { AdminPrioritiesController } from './admin-priorities.controller';
import { AdminStatusesController } from './admin-statuses.controller';
import { AdminTeamsController } from './admin-teams.controller';
import { DepartmentsPresenter } from './departments.presenter';
import { PrioritiesPresenter } from './priorities.presenter';
import { StatusesPresenter } from './statuses.presenter';
import { TeamsPresenter } from './teams.presenter';

/**
 * Admin section: departments, teams, ticket statuses and priorities. The rules live in the feature
 * services; the status and priority ones are provided here, their only users (they need no repository
 * registration: they work through the DataSource).
 */
@Module({
  imports: [AuthModule, DepartmentsModule, TeamsModule],
  controllers: [AdminDepartmentsController, AdminTeamsController, AdminStatusesController, AdminPrioritiesController],
  providers: [
    AdminGuard, TicketStatusesAdminService, PrioritiesAdminService,
    DepartmentsPresenter, TeamsPresenter, StatusesPresenter, PrioritiesPresenter,
  ],
})
export class AdminCatalogModule {}
