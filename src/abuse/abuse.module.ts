import { Global, Module } from '@nestjs/common';
import { BanListService } from './ban-list.service';
import { PublicFormGuard } from './public-form-guard.service';
import { RateLimitService } from './rate-limit.service';

/**
 * Abuse resistance shared by the portal and the mail channel: the ban list, rate limits and the
 * public forms' honeypot and question. Global, so inbound mail can ask `BanListService.isBanned` too.
 */
@Global()
@Module({ providers: [BanListService, RateLimitService, PublicFormGuard], exports: [BanListService, RateLimitService, PublicFormGuard] })
export class AbuseModule {}
