import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminHomeController } from './admin-home.controller';
import { AdminGuard } from './admin.guard';

/** The admin panel at /scp/admin. Each section is its own module, imported here. */
@Module({
  imports: [AuthModule],
  controllers: [AdminHomeController],
  providers: [AdminGuard],
  exports: [AdminGuard, AuthModule],
})
export class AdminModule {}
