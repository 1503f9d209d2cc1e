import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamMember } from '../teams/team-member.entity';
import { AgentDirectoryService } from './agent-directory.service';
import { AgentsAdminService } from './agents-admin.service';
import { RolesService } from './roles.service';
import { StaffDepartmentAccess } from './staff-department-access.entity';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([Staff, StaffDepartmentAccess, TeamMember])],
  providers: [StaffService, AgentDirectoryService, AgentsAdminService, RolesService],
  exports: [StaffService, AgentDirectoryService, AgentsAdminService, RolesService],
})
export class StaffModule {}
