import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TicketLookupModule } from '../tickets/ticket-lookup.module';
import { InboundMailModule } from '../inbound-mail/inbound-mail.module';
import { ApiTicketsEmailController } from './api-tickets-email.controller';
import { ApiTicketsController } from './api-tickets.controller';
import { PipeApiKeyGuard } from './pipe-api-key.guard';

/** The JSON API at /api: HTTP only; every route is behind ApiKeyGuard with a scope. */
@Module({
  imports: [ApiKeysModule, TicketLookupModule, InboundMailModule],
  controllers: [ApiTicketsController, ApiTicketsEmailController],
  providers: [PipeApiKeyGuard],
})
export class ApiModule {}
