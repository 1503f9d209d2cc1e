import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { FiltersModule } from '../../filters/filters.module';
import { AdminGuard } from '../admin.guard';
import { AdminFiltersController } from './admin-filters.controller';
import { AdminFiltersPresenter } from './admin-filters.presenter';

/** Admin section: intake filters. */
@Module({
  imports: [AuthModule, FiltersModule],
  controllers: [AdminFiltersController],
  providers: [AdminGuard, AdminFiltersPresenter],
})
export class AdminFiltersModule {}
