import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SlaService } from '../sla/sla.service';
import { ThreadService } from '../threads/thread.service';
import { decide } from '../tickets/ticket-lifecycle';
import { statusFacts, TicketOptionsService } from '../tickets/ticket-options.service';
import { statusColumns } from '../tickets/ticket-state';
import { TicketStatus } from '../tickets/ticket-status.entity';
import { Ticket } from '../tickets/ticket.entity';
import { automationActor } from './alert-recipients';
import { AutoCloseConfig, AutomationRule } from './jobs.entities';

const PAGE_SIZE = 200;
const DAY = 86_400_000;

/**
 * Auto-close (point 7): tickets in the rule's status (Resolved, as shipped) on which no one has written
 * for N days since they got there move to its target status (Closed), through the lifecycle rules, with a
 * `closed` event. The move is a conditional UPDATE on the status, so a ticket is moved once even if two
 * runs overlap; a ticket that leaves the status and comes back starts a new episode by itself.
 */
@Injectable()
export class AutoCloseRule {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly options: TicketOptionsService,
    private readonly threads: ThreadService,
    private readonly sla: SlaService,
  ) {}

  /** Returns how many tickets it moved; a summary line when the rule cannot run. */
  async apply(rule: AutomationRule, now: Date): Promise<{ moved: number; problem: string | null }> {
    const config = rule.config as AutoCloseConfig;
    const statuses = this.db.getRepository(TicketStatus);
    const [from, to] = await Promise.all([statuses.findOneBy({ id: config.fromStatusId }), statuses.findOneBy({ id: config.toStatusId })]);
    if (!from || !to) return { moved: 0, problem: `“${rule.name}”: its statuses no longer exist` };
    const defaultOpen = statusFacts(await this.options.defaultOpenStatus());
    const outcome = decide({ current: statusFacts(from), defaultOpen }, { kind: 'change_status', setStatus: statusFacts(to) });
    if (!outcome.allowed) return { moved: 0, problem: `“${rule.name}”: ${outcome.message}` };
    // CASE: "without a reply" counts from the latest of: the resolution, the user's last message and the
    // agent's last response (a final reply after resolving gives the user N more days).
    const cutoff = new Date(now.getTime() - config.days * DAY);
    let moved = 0;
    let afterId = 0;
    for (;;) {
      const rows = await this.db.getRepository(Ticket).createQueryBuilder('t')
        .select('t.id', 'id')
        .where('t.statusId = :statusId', { statusId: from.id })
        .andWhere('t.lastMessageAt <= :cutoff', { cutoff })
        .andWhere('(t.closedAt IS NULL OR t.closedAt <= :cutoff)')
        .andWhere('(t.lastResponseAt IS NULL OR t.lastResponseAt <= :cutoff)')
        .andWhere('t.id > :afterId', { afterId })
        .orderBy('t.id', 'ASC')
        .limit(PAGE_SIZE)
        .getRawMany<{ id: number | string }>();
      for (const row of rows) if (await this.closeOne(Number(row.id), rule, from, to, outcome, cutoff, now)) moved++;
      if (rows.length < PAGE_SIZE) break;
      afterId = Number(rows[rows.length - 1].id);
    }
    return { moved, problem: null };
  }

  private async closeOne(
    ticketId: number, rule: AutomationRule, from: TicketStatus, to: TicketStatus,
    outcome: Extract<ReturnType<typeof decide>, { allowed: true }>, cutoff: Date, now: Date,
  ): Promise<boolean> {
    const config = rule.config as AutoCloseConfig;
    return this.db.transaction(async (manager) => {
      const claim = await manager.createQueryBuilder().update(Ticket)
        .set({ ...statusColumns(outcome, now, null /* idle for days: no same-second reopen */), updatedAt: now, version: () => 'version + 1' })
        .where('id = :ticketId AND status_id = :statusId', { ticketId, statusId: from.id })
        .andWhere('last_message_at <= :cutoff AND (closed_at IS NULL OR closed_at <= :cutoff) AND (last_response_at IS NULL OR last_response_at <= :cutoff)', { cutoff })
        .execute();
      if (claim.affected !== 1) return false;
      const actor = automationActor(rule.name);
      const days = `${config.days} day${config.days === 1 ? '' : 's'}`;
      await this.threads.appendEvent(manager, {
        ticketId, event: to.state === 'closed' ? 'closed' : 'status_changed', posterName: actor,
        text: `${to.state === 'closed' ? 'Closed' : `Moved to ${to.name}`} automatically after ${days} without a reply (${from.name} → ${to.name}, automation “${rule.name}”)`,
        data: { from: from.name, to: to.name, rule: rule.name }, at: now,
      });
      await this.sla.onStatusChange(manager, { id: ticketId }, from, to, now);
      await this.sla.recompute(manager, ticketId, 'status_changed');
      return true;
    });
  }
}
