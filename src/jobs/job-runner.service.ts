import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobOutcome, JobRun } from './jobs.entities';
import { LeaseService } from './lease.service';

/** What a job reports: 'skipped' when it had nothing it could do (e.g. no active rules). */
export interface JobResult {
  outcome: 'ok' | 'skipped';
  summary: string;
}

export interface Job {
  /** The lease and log name (at most 64 characters). */
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<JobResult>;
}

export interface RunReport {
  /** false: another instance held the lease (or this one was already running it); nothing was done or logged. */
  ran: boolean;
  outcome: JobOutcome | null;
  summary: string;
  runId: number | null;
}

/** Longer than any run should take: a crashed holder's lease runs out after this and another instance takes over. */
export const JOB_LEASE_MS = 10 * 60_000;
/** The log keeps this many newest runs per job. */
const KEEP_RUNS = 500;
const MAX_SUMMARY_CHARS = 2_000;

/** Injection token to fix the holder id (two runners in one test process); normally left out. */
export const JOB_HOLDER_ID = Symbol('JOB_HOLDER_ID');

/** Host, process and a random part: unique per process, even for two processes in one container. */
export function makeHolderId(): string {
  return `${hostname().slice(0, 80)}:${process.pid}:${randomBytes(6).toString('hex')}`;
}

/**
 * Runs registered jobs on their intervals (not in tests: there they run only when called). Each run:
 * take the job's lease, log the start in job_runs, run, log the outcome, release. An instance that does
 * not get the lease does nothing, so N instances run each job once per turn between them.
 */
@Injectable()
export class JobRunnerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, Job>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<RunReport>>();
  private stopped = false;
  readonly holder: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly leases: LeaseService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Optional() @Inject(JOB_HOLDER_ID) holder?: string,
  ) {
    this.holder = (holder ?? makeHolderId()).slice(0, 128);
  }

  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`A job named ${job.name} is already registered`);
    this.jobs.set(job.name, job);
  }

  onApplicationBootstrap(): void {
    if (this.config.env === 'test') return;
    for (const job of this.jobs.values()) {
      const timer = setInterval(() => void this.runOnce(job.name), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Stops the timers and lets runs in progress finish before the database closes (at application shutdown, later). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.running.values()].map((run) => run.catch(() => undefined)));
  }

  /** Runs the job now if this instance gets its lease; never throws (a failure is logged as a 'failed' run). */
  runOnce(name: string): Promise<RunReport> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No job named ${name}`);
    const notRun: RunReport = { ran: false, outcome: null, summary: '', runId: null };
    // CASE: a run that outlasts its interval: the next tick of this instance skips instead of piling up.
    if (this.stopped || this.running.has(name)) return Promise.resolve(notRun);
    const run = this.leasedRun(job).catch((err: Error) => {
      this.logger.error(`job ${name} could not run: ${err.message}`);
      return notRun;
    }).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async leasedRun(job: Job): Promise<RunReport> {
    if (!(await this.leases.tryAcquire(job.name, this.holder, JOB_LEASE_MS))) {
      return { ran: false, outcome: null, summary: '', runId: null };
    }
    const runs = this.db.getRepository(JobRun);
    let report: RunReport = { ran: true, outcome: 'failed', summary: '', runId: null };
    try {
      const logged = await runs.save(runs.create({ name: job.name, holder: this.holder, startedAt: this.clock.now(), finishedAt: null, outcome: 'running', summary: '' }));
      report.runId = logged.id;
      try {
        const result = await job.run();
        report = { ...report, outcome: result.outcome, summary: result.summary.slice(0, MAX_SUMMARY_CHARS) };
      } catch (err) {
        report = { ...report, outcome: 'failed', summary: (err as Error).message.slice(0, MAX_SUMMARY_CHARS) };
        this.logger.error(`job ${job.name} failed: ${(err as Error).message}`);
      }
      await runs.update({ id: logged.id }, { outcome: report.outcome!, summary: report.summary, finishedAt: this.clock.now() });
      await this.prune(job.name, logged.id);
    } finally {
      await this.leases.release(job.name, this.holder, report.runId === null ? null : `${report.outcome}: ${report.summary}`.slice(0, MAX_SUMMARY_CHARS));
    }
    return report;
  }

  /** Keeps the newest runs of a job; the (name, id) index makes this a range delete. */
  private async prune(name: string, lastId: number): Promise<void> {
    const runs = this.db.getRepository(JobRun);
    const [cutoff] = await runs.find({ select: { id: true }, where: { name }, order: { id: 'DESC' }, skip: KEEP_RUNS, take: 1 });
    if (cutoff && cutoff.id < lastId) await runs.delete({ name, id: LessThanOrEqual(cutoff.id) });
  }
}
