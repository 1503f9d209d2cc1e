import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../../api-keys/api-keys.module';
import { AuthModule } from '../../auth/auth.module';
import { AdminGuard } from '../admin.guard';
import { AdminApiKeysController } from './admin-api-keys.controller';
import { AdminApiKeysPresenter } from './admin-api-keys.presenter';

/** Admin section: API keys (list, create, revoke). */
@Module({
  imports: [AuthModule, ApiKeysModule],
  controllers: [AdminApiKeysController],
  providers: [AdminGuard, AdminApiKeysPresenter],
})
export class AdminApiKeysModule {}
