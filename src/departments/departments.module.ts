import { Module } from '@nestjs/common';
import { DepartmentDirectoryService } from './department-directory.service';
import { DepartmentsService } from './departments.service';

/**
 * Departments: their rules and their admin reads. Services work through the DataSource (the admin reads
 * and guarded deletes span several tables), so no repositories are registered here.
 */
@Module({
  providers: [DepartmentsService, DepartmentDirectoryService],
  exports: [DepartmentsService, DepartmentDirectoryService],
})
export class DepartmentsModule {}
