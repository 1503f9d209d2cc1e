import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LoginThrottle } from '../auth/login-throttle.entity';
import { Clock } from '../common/clock';

export interface AttemptLimit {
  /** Attempts allowed within the window; the next one is refused until the window ends. */
  max: number;
  windowMinutes: number;
}

/**
 * Counts attempts per key ("reset-ip:<address>", "password-change:<agent id>"...) in the login
 * throttle table, so a fresh cookie or another app instance does not reset them (SECURITY 11, 15).
 */
@Injectable()
export class AttemptLimiter {
  constructor(
    @InjectRepository(LoginThrottle) private readonly rows: Repository<LoginThrottle>,
    private readonly clock: Clock,
  ) {}

  /** Whether the key has used up its attempts. */
  async isBlocked(key: string): Promise<boolean> {
    const row = await this.rows.findOneBy({ key });
    return !!row?.lockedUntil && row.lockedUntil > this.clock.now();
  }

  /** Counts one attempt; says whether it was still allowed (false once the key is over its limit). */
  async take(key: string, limit: AttemptLimit): Promise<boolean> {
    const now = this.clock.now();
    const row = await this.rows.findOneBy({ key });
    if (row?.lockedUntil && row.lockedUntil > now) return false;
    const windowMs = limit.windowMinutes * 60_000;
    const fresh = !row || row.windowStartedAt.getTime() <= now.getTime() - windowMs;
    const windowStartedAt = fresh ? now : row.windowStartedAt;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= limit.max ? new Date(windowStartedAt.getTime() + windowMs) : null;
    await this.rows.upsert({ key, failures, windowStartedAt, lockedUntil }, ['key']);
    return failures <= limit.max;
  }

  async clear(...keys: string[]): Promise<void> {
    for (const key of keys) await this.rows.delete({ key });
  }
}
