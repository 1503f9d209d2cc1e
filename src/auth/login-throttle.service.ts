import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { LoginThrottle } from './login-throttle.entity';

/** Failures allowed per key within the window before it locks for LOCK_MINUTES. */
const LIMITS = { account: 5, ip: 20 } as const;
const WINDOW_MINUTES = 15;
const LOCK_MINUTES = 15;

export type ThrottleKeys = { account: string; ip: string };
/** Which keys a failure just locked, and for how long. */
export type ThrottleLocks = { account: boolean; ip: boolean; minutes: number };

/**
 * SECURITY 11: login throttling per account and per address, in the database, so a fresh cookie or a
 * second app instance does not reset it.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectRepository(LoginThrottle) private readonly rows: Repository<LoginThrottle>,
    private readonly clock: Clock,
  ) {}

  static keys(login: string, ip: string): ThrottleKeys {
    return { account: `account:${login.trim().toLowerCase().slice(0, 160)}`, ip: `ip:${ip}` };
  }

  async isLocked(keys: ThrottleKeys): Promise<boolean> {
    const now = this.clock.now();
    const rows = await this.rows.findBy({ key: In([keys.account, keys.ip]) });
    return rows.some((r) => r.lockedUntil !== null && r.lockedUntil > now);
  }

  /** Counts a failed login against the account and the address; says which of them this failure just locked. */
  async recordFailure(keys: ThrottleKeys): Promise<ThrottleLocks> {
    const account = await this.bump(keys.account, LIMITS.account);
    const ip = await this.bump(keys.ip, LIMITS.ip);
    return { account, ip, minutes: LOCK_MINUTES };
  }

  /** A successful login clears the account's count (not the address's: one good password proves little). */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.rows.delete({ key: keys.account });
  }

  /** Returns true when this failure locked the key (it was not locked before). */
  private async bump(key: string, limit: number): Promise<boolean> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - WINDOW_MINUTES * 60_000);
    const row = await this.rows.findOneBy({ key });
    const fresh = !row || row.windowStartedAt < windowStart;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= limit ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : (fresh ? null : row.lockedUntil);
    await this.rows.upsert({ key, failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil }, ['key']);
    const wasLocked = !!row?.lockedUntil && row.lockedUntil > now;
    return failures >= limit && !wasLocked;
  }
}
