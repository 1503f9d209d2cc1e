import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { JobLease } from './jobs.entities';

/** A lease row starts out expired, so the first tryAcquire takes it. */
const NEVER = new Date('1970-01-01T00:00:00.000Z');

/**
 * Database leases for background jobs (ARCHITECTURE 10). Taking one is a single conditional UPDATE that
 * matches only when the lease has run out or is already ours, so of several instances racing for it
 * exactly one sees its row changed, on SQLite and MySQL alike. No in-memory state is needed for correctness.
 */
@Injectable()
export class LeaseService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Takes (or renews) the lease `name` for `holder` for `ttlMs`; false when another holder's lease is still running. */
  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    // The row must exist for the UPDATE to match; a concurrent insert of the same name is simply ignored.
    await this.db.createQueryBuilder().insert().into(JobLease)
      .values({ name, holder: '', leaseUntil: NEVER, lastStartedAt: null, lastFinishedAt: null, lastResult: null })
      .orIgnore()
      .execute();
    const result = await this.db.createQueryBuilder().update(JobLease)
      .set({ holder, leaseUntil: new Date(now.getTime() + ttlMs), lastStartedAt: now })
      .where('name = :name', { name })
      .andWhere(new Brackets((q) => q.where('lease_until < :now', { now }).orWhere('holder = :holder', { holder })))
      .execute();
    return result.affected === 1;
  }

  /** Gives the lease up at once (only if `holder` still has it) and records how the run ended. */
  async release(name: string, holder: string, result: string | null = null): Promise<void> {
    const now = this.clock.now();
    await this.db.createQueryBuilder().update(JobLease)
      .set({ leaseUntil: NEVER, lastFinishedAt: now, ...(result === null ? {} : { lastResult: result }) })
      .where('name = :name AND holder = :holder', { name, holder })
      .execute();
  }

  find(name: string): Promise<JobLease | null> {
    return this.db.getRepository(JobLease).findOneBy({ name });
  }
}
