import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { rateLimited } from '../common/errors';
import { countAttempt, RATE_LIMITS, RateLimitedAction, rateLimitKeys, WindowLimit } from './rate-limits';

/**
 * Counts public portal attempts per address and per email in the database (the login throttle
 * table), so neither a fresh cookie, a restart nor a second app instance resets them.
 */
@Injectable()
export class RateLimitService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts one attempt of `action` from this address (and for this email, when given); throws
   * `rate_limited` (429 with Retry-After) when either is over its limit. The answer is the same
   * whether or not the email belongs to anyone.
   */
  async take(action: RateLimitedAction, who: { ip: string; email?: string }): Promise<void> {
    if (!this.config.portalRateLimits) return;
    const keys = rateLimitKeys(action, who);
    const limits = RATE_LIMITS[action];
    const waits = [await this.count(keys.ip, limits.ip)];
    if (keys.email) waits.push(await this.count(keys.email, limits.email));
    const wait = Math.max(...waits.map((w) => w ?? 0));
    if (wait > 0) throw rateLimited(wait);
  }

  /** Forgets the email's count after a success (a right password), not the address's. */
  async clearEmail(action: RateLimitedAction, email: string): Promise<void> {
    const key = rateLimitKeys(action, { ip: '', email }).email;
    if (key) await this.db.getRepository(LoginThrottle).delete({ key });
  }

  private async count(key: string, limit: WindowLimit): Promise<number | null> {
    const repo = this.db.getRepository(LoginThrottle);
    const now = this.clock.now();
    const row = await repo.findOneBy({ key });
    const { state, retryAfterSeconds } = countAttempt(row ? { count: row.failures, windowStartedAt: row.windowStartedAt } : null, limit, now);
    const lockedUntil = retryAfterSeconds ? new Date(now.getTime() + retryAfterSeconds * 1000) : null;
    await repo.upsert({ key, failures: state.count, windowStartedAt: state.windowStartedAt, lockedUntil }, ['key']);
    return retryAfterSeconds;
  }
}
