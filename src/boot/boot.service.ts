import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { runExclusive } from '../database/sqlite-serializer';
import { CreatedAdmin, FirstAdminService } from './first-admin.service';

/** Brings the database up to date and makes sure someone can log in. Run at every start. */
@Injectable()
export class BootService {
  private readonly logger = new Logger('Boot');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly firstAdmin: FirstAdminService,
    private readonly config: AppConfig,
  ) {}

  async start(): Promise<CreatedAdmin | null> {
    await this.migrate();
    const admin = await this.firstAdmin.ensureFirstAdmin();
    if (admin) this.logger.log(`created the first administrator "${admin.username}"`);
    return admin;
  }

  async migrate(): Promise<void> {
    const applied = await runExclusive(this.db, () => this.db.runMigrations({ transaction: 'each' }));
    if (applied.length > 0) this.logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  }

  /** The lines printed when the server is listening (and, once, the generated admin password). */
  banner(admin: CreatedAdmin | null): string {
    const lines = [
      '',
      `  ${this.config.helpdeskName} is running.`,
      `  Client portal:        ${this.config.publicUrl}/`,
      `  Staff control panel:  ${this.config.publicUrl}/scp`,
    ];
    if (admin) {
      lines.push('', `  First administrator:  ${admin.username} (${admin.email})`);
      if (admin.generatedPassword) lines.push(`  Password:             ${admin.generatedPassword}`, '  (shown only this once: note it down, or set ADMIN_PASSWORD before the first start)');
    }
    return `${lines.join('\n')}\n`;
  }
}
