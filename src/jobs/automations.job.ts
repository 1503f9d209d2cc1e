import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { AutoCloseRule } from './auto-close.rule';
import { EscalateRule, EscalationTally } from './escalate.rule';
import { Job, JobResult, JobRunnerService } from './job-runner.service';
import { AutomationRule } from './jobs.entities';

/**
 * Time-based automations (point 7): applies every active rule, oldest first, under the job's lease. Before
 * that it ends the episodes that are over: a rule's mark on a ticket goes once an agent has responded or
 * the ticket was reopened after the mark, so the rule may fire again on the next wait. (Done here rather
 * than in every place that responds or reopens, so replies by mail, API or the staff panel all count.)
 */
@Injectable()
export class AutomationsJob implements Job, OnModuleInit {
  readonly name = 'automations';
  readonly intervalMs = 5 * 60_000;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runner: JobRunnerService,
    private readonly autoClose: AutoCloseRule,
    private readonly escalate: EscalateRule,
    private readonly mail: MailOutboxService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(): Promise<JobResult> {
    const rules = await this.db.getRepository(AutomationRule).find({ where: { isActive: true }, order: { id: 'ASC' } });
    if (rules.length === 0) return { outcome: 'skipped', summary: 'no active automation rules' };
    await this.endEpisodes();
    const now = this.clock.now();
    let closed = 0;
    const tally: EscalationTally = { escalated: 0, alerts: 0 };
    const problems: string[] = [];
    for (const rule of rules) {
      if (rule.kind === 'auto_close') {
        const result = await this.autoClose.apply(rule, now);
        closed += result.moved;
        if (result.problem) problems.push(result.problem);
      } else {
        await this.escalate.apply(rule, now, tally);
      }
    }
    if (tally.alerts > 0) this.mail.kick();
    const parts = [
      `${rules.length} rule${rules.length === 1 ? '' : 's'}`,
      `closed ${closed} ticket${closed === 1 ? '' : 's'}`,
      `escalated ${tally.escalated} ticket${tally.escalated === 1 ? '' : 's'}`,
      `queued ${tally.alerts} alert${tally.alerts === 1 ? '' : 's'}`,
      ...problems,
    ];
    return { outcome: 'ok', summary: parts.join(', ') };
  }

  /** Removes the marks whose episode ended: an agent response or a reopen at or after the mark. */
  private async endEpisodes(): Promise<void> {
    await this.db.query(
      'DELETE FROM ticket_automation_marks WHERE EXISTS (SELECT 1 FROM tickets t WHERE t.id = ticket_automation_marks.ticket_id AND ' +
        '(t.last_response_at >= ticket_automation_marks.marked_at OR t.reopened_at >= ticket_automation_marks.marked_at))',
    );
  }
}
