import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { EmailAccountsService } from '../email-accounts/email-accounts.service';
import { JOB_LEASE_MS, JobRunnerService } from '../jobs/job-runner.service';
import { LeaseService } from '../jobs/lease.service';
import { ImapFetcher, MailboxFetchResult } from './imap-fetcher.service';

/** How many mailboxes one instance reads at the same time. */
const PARALLEL_MAILBOXES = 3;

/** A mailbox's part of a pass; 'busy': another instance holds its lease. */
export type MailboxPassResult = (MailboxFetchResult | { emailAccountId: number; outcome: 'busy' }) & { address: string };

/** The lease that makes one instance at a time read this mailbox (job_leases.name). */
export const fetchLeaseName = (emailAccountId: number) => `mail.fetch.${emailAccountId}`;

/**
 * Fetches every fetchable mailbox on an interval (MAIL_FETCH_INTERVAL_SECONDS; not in tests, where a pass
 * runs only when called, and from the `fetch-mail` CLI command). Each mailbox has a lease of its own, so
 * several instances share the mailboxes between them and read them in parallel, and no mailbox is ever read
 * by two at once. A mailbox that fails is recorded (last_error) and the pass goes on to the next.
 */
@Injectable()
export class MailFetchJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailFetch');
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<MailboxPassResult[]> | null = null;
  private stopped = false;
  readonly holder: string;

  constructor(
    private readonly fetcher: ImapFetcher,
    private readonly accounts: EmailAccountsService,
    private readonly leases: LeaseService,
    private readonly config: AppConfig,
    runner: JobRunnerService,
  ) {
    // The same holder as the instance's other jobs: job_leases shows which instance reads which mailbox.
    this.holder = runner.holder;
  }

  onApplicationBootstrap(): void {
    if (this.config.env === 'test') return;
    this.timer = setInterval(() => void this.runPass(), this.config.mailFetch.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pass?.catch(() => undefined);
  }

  /**
   * One pass over every fetchable mailbox whose lease this instance gets ('busy': another one is reading it).
   * A pass still running when the next tick comes is not doubled: the tick returns its results.
   */
  runPass(): Promise<MailboxPassResult[]> {
    if (this.stopped) return Promise.resolve([]);
    this.pass ??= this.passOverMailboxes().catch((err: Error) => {
      this.logger.error(`mail fetch pass failed: ${err.message}`);
      return [];
    }).finally(() => (this.pass = null));
    return this.pass;
  }

  private async passOverMailboxes(): Promise<MailboxPassResult[]> {
    const queue = (await this.accounts.listFetchable()).map((a) => ({ id: a.id, address: a.address }));
    const results: MailboxPassResult[] = [];
    const worker = async () => {
      for (let next = queue.shift(); next && !this.stopped; next = queue.shift()) results.push({ ...(await this.fetchLeased(next.id)), address: next.address });
    };
    await Promise.all(Array.from({ length: PARALLEL_MAILBOXES }, worker));
    return results.sort((a, b) => a.emailAccountId - b.emailAccountId);
  }

  private async fetchLeased(emailAccountId: number): Promise<MailboxFetchResult | { emailAccountId: number; outcome: 'busy' }> {
    const lease = fetchLeaseName(emailAccountId);
    if (!(await this.leases.tryAcquire(lease, this.holder, JOB_LEASE_MS))) return { emailAccountId, outcome: 'busy' };
    let result: MailboxFetchResult | null = null;
    try {
      // Renewed between messages, so a long pass keeps its mailbox; a crashed instance's lease runs out.
      result = await this.fetcher.fetch(emailAccountId, async () => !this.stopped && (await this.leases.tryAcquire(lease, this.holder, JOB_LEASE_MS)));
      return result;
    } finally {
      await this.leases.release(lease, this.holder, result ? summarize(result) : 'failed: the pass ended early');
    }
  }
}

/** One line per mailbox: "ok: 2 created, 1 appended" / "failed: <reason>". */
export function summarize(result: MailboxFetchResult | { outcome: 'busy' }): string {
  if (result.outcome === 'busy') return 'busy: another instance is fetching this mailbox';
  const counts = Object.entries(result.handed).map(([status, n]) => `${n} ${status.replace('_', ' ')}`);
  const handed = counts.length > 0 ? counts.join(', ') : 'no new mail';
  return result.outcome === 'ok' ? `ok: ${handed}` : `failed: ${result.error} (${handed})`;
}
