import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TeamMember } from '../teams/team-member.entity';
import { StaffDepartmentAccess } from './staff-department-access.entity';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([Staff, StaffDepartmentAccess, TeamMember])],
  providers: [StaffService],
  exports: [StaffService],
})
export class StaffModule {}
