import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TicketLookupModule } from '../tickets/ticket-lookup.module';
import { ApiTicketsController } from './api-tickets.controller';

/** The JSON API at /api: HTTP only; every route is behind ApiKeyGuard with a scope. */
@Module({
  imports: [ApiKeysModule, TicketLookupModule],
  controllers: [ApiTicketsController],
})
export class ApiModule {}
