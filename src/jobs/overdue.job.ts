import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ThreadService } from '../threads/thread.service';
import { Ticket } from '../tickets/ticket.entity';
import { formatUtc, SYSTEM_NAME } from './alert-recipients';
import { Job, JobResult, JobRunnerService } from './job-runner.service';

type Target = 'first_response' | 'resolution';

interface TargetSql {
  label: string;
  /** The due column and the breach mark column, as in the database. */
  due: string;
  mark: string;
  /** A further condition on the ticket's own columns, or null. */
  extra: string | null;
}

const TARGETS: Record<Target, TargetSql> = {
  // CASE: a first response sent late settles the target: it is no longer "overdue", even if never marked.
  first_response: { label: 'First response overdue', due: 'first_response_due_at', mark: 'first_response_breached_at', extra: 'first_response_at IS NULL' },
  // sla_due_at is the effective due time: the manual due date when set, else the plan's resolution due.
  resolution: { label: 'Resolution overdue', due: 'sla_due_at', mark: 'resolution_breached_at', extra: null },
};

const PAGE_SIZE = 200;

interface Tally {
  firstResponse: number;
  resolution: number;
}

/**
 * Marks open tickets whose first response or resolution is past due (point 4): sets the breach mark and
 * writes an `overdue` thread event in one transaction; the event's alert mail (when the ticket's SLA plan
 * has alerts on) is queued in that transaction by the notifications (the "Overdue alert" template). The mark is set by a conditional UPDATE that matches only while it is
 * unset, so each breach is marked and alerted once, even if two runs overlap (e.g. after a lease ran out).
 */
@Injectable()
export class OverdueJob implements Job, OnModuleInit {
  readonly name = 'sla.overdue';
  readonly intervalMs = 60_000;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: JobRunnerService,
    private readonly threads: ThreadService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(): Promise<JobResult> {
    const now = this.clock.now();
    const tally: Tally = { firstResponse: 0, resolution: 0 };
    for (const target of ['first_response', 'resolution'] as const) {
      let afterId = 0;
      for (;;) {
        const ids = await this.candidates(target, now, afterId);
        for (const id of ids) await this.markOne(target, id, now, tally);
        if (ids.length < PAGE_SIZE) break;
        afterId = ids[ids.length - 1];
      }
    }
    const marked = tally.firstResponse + tally.resolution;
    const summary = marked === 0
      ? 'no new breaches'
      : `marked ${tally.firstResponse} first-response and ${tally.resolution} resolution breaches`;
    return { outcome: 'ok', summary };
  }

  /** One page of open tickets past this due time and not yet marked (the resolution scan uses tickets_state_sla_due_idx). */
  private async candidates(target: Target, now: Date, afterId: number): Promise<number[]> {
    const t = TARGETS[target];
    const rows = await this.db.getRepository(Ticket).createQueryBuilder('t')
      .select('t.id', 'id')
      .where("t.state = 'open'")
      .andWhere(`t.${t.due} <= :now`, { now })
      .andWhere(`t.${t.mark} IS NULL`)
      .andWhere(t.extra ? `t.${t.extra}` : '1 = 1')
      .andWhere('t.id > :afterId', { afterId })
      .orderBy('t.id', 'ASC')
      .limit(PAGE_SIZE)
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  private async markOne(target: Target, ticketId: number, now: Date, tally: Tally): Promise<void> {
    const t = TARGETS[target];
    await this.db.transaction(async (manager) => {
      // The claim: only one run's UPDATE matches while the mark is unset. The breach instant is the due time.
      const claim = await manager.createQueryBuilder().update(Ticket)
        .set({ [target === 'resolution' ? 'resolutionBreachedAt' : 'firstResponseBreachedAt']: () => t.due })
        .where('id = :ticketId', { ticketId })
        .andWhere("state = 'open'")
        .andWhere(`${t.due} <= :now`, { now })
        .andWhere(`${t.mark} IS NULL`)
        .andWhere(t.extra ?? '1 = 1')
        .execute();
      if (claim.affected !== 1) return;
      const ticket = await manager.getRepository(Ticket).findOneOrFail({ where: { id: ticketId } });
      const due = new Date(target === 'resolution' ? ticket.slaDueAt! : ticket.firstResponseDueAt!);
      // CASE: is_overdue follows the effective (resolution) due only, and never while the clock is paused,
      // as the SLA recompute has it; a late first response is marked and alerted but does not flag the ticket.
      if (target === 'resolution' && ticket.slaPausedAt === null) await manager.update(Ticket, { id: ticketId }, { isOverdue: true });
      await this.threads.appendEvent(manager, {
        ticketId, event: 'overdue', posterName: SYSTEM_NAME, text: `${t.label}: it was due ${formatUtc(due)}`,
        data: { target, dueAt: due.toISOString() }, at: now,
      });
      if (target === 'resolution') tally.resolution++;
      else tally.firstResponse++;
    });
  }
}
