import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /healthz (alive) and GET /readyz (database reachable), under BASE_PATH like every route. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
