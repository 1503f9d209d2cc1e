import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

/** How long /readyz waits for the database before calling it down. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * Liveness and readiness for load balancers and orchestrators. Neither touches the session (the app
 * skips session middleware for these paths), so probes create no session rows.
 */
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 200 while the process can answer at all. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when the database answers `SELECT 1` within 2 s; otherwise 503 with Retry-After (SECURITY 16). */
  @Get('readyz')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: 'up' | 'down' }> {
    if (await this.databaseAnswers()) return { status: 'ready', database: 'up' };
    res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '30');
    return { status: 'unavailable', database: 'down' };
  }

  private async databaseAnswers(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
    });
    const query = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
