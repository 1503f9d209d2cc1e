import { Controller, Get, Render, UseGuards } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AdminGuard } from './admin.guard';
import { adminNav, adminPage } from './admin-nav';

/** /scp/admin: the admin panel's front page, one card per section. */
@Controller('scp/admin')
@UseGuards(AdminGuard)
export class AdminHomeController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Render('admin/home')
  home() {
    return { ...adminPage('', this.config.basePath, 'Admin Panel'), sections: adminNav('', this.config.basePath) };
  }
}
