import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { AppConfig } from '../config/app-config';
import { Department } from '../departments/department.entity';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { ScheduleSpec, workingMinutesBetween } from '../sla/business-hours';
import { loadPlanSpec } from '../sla/sla-specs';
import { SlaService } from '../sla/sla.service';
import { Staff } from '../staff/staff.entity';
import { Team } from '../teams/team.entity';
import { ThreadService } from '../threads/thread.service';
import { Priority } from '../tickets/priority.entity';
import { Ticket } from '../tickets/ticket.entity';
import { ALERT_HEADERS, alertRecipients, automationActor, staffTicketUrl } from './alert-recipients';
import { AutomationRule, EscalateConfig, TicketAutomationMark } from './jobs.entities';

const PAGE_SIZE = 200;
const HOUR = 3_600_000;

/** Thrown inside the transaction to undo the mark when the ticket no longer qualifies. */
class NoLongerDue extends Error {}

export interface EscalationTally {
  escalated: number;
  alerts: number;
}

/**
 * Escalation (point 7): an open ticket whose user has waited N business hours (the ticket's SLA schedule;
 * calendar hours without a plan) for an agent's response gets the rule's actions (assign, transfer, raise
 * the priority one step, alert), once per episode: the rule's mark on the ticket is inserted first, in the
 * same transaction, and its primary key lets only one run win. The automations job removes the mark when an
 * agent responds or the ticket is reopened, and a later wait starts a new episode.
 */
@Injectable()
export class EscalateRule {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly threads: ThreadService,
    private readonly mail: MailOutboxService,
    private readonly sla: SlaService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async apply(rule: AutomationRule, now: Date, tally: EscalationTally): Promise<void> {
    const config = rule.config as EscalateConfig;
    const schedules = new Map<number | null, ScheduleSpec | null>();
    // Business hours are never more than calendar hours, so the calendar cut-off is a safe first filter.
    const cutoff = new Date(now.getTime() - config.hours * HOUR);
    let afterId = 0;
    for (;;) {
      const query = this.db.getRepository(Ticket).createQueryBuilder('t')
        .select(['t.id AS id', 't.lastMessageAt AS last_message_at', 't.slaPlanId AS sla_plan_id'])
        .innerJoin('t.status', 's')
        .leftJoin(TicketAutomationMark, 'm', 'm.ticketId = t.id AND m.ruleId = :ruleId', { ruleId: rule.id })
        .where("t.state = 'open'")
        // CASE: a ticket waiting on the user (a status that pauses the SLA) is not waiting on an agent.
        .andWhere('s.pausesSla = :no', { no: false })
        .andWhere('(t.lastResponseAt IS NULL OR t.lastResponseAt < t.lastMessageAt)')
        .andWhere('t.lastMessageAt <= :cutoff', { cutoff })
        .andWhere('m.ticketId IS NULL')
        .andWhere('t.id > :afterId', { afterId })
        .orderBy('t.id', 'ASC')
        .limit(PAGE_SIZE);
      if (config.departmentId !== null) query.andWhere('t.departmentId = :departmentId', { departmentId: config.departmentId });
      const rows = await query.getRawMany<{ id: number | string; last_message_at: Date | string; sla_plan_id: number | string | null }>();
      for (const row of rows) {
        const planId = row.sla_plan_id === null ? null : Number(row.sla_plan_id);
        const waited = workingMinutesBetween(await this.schedule(schedules, planId), this.rawDate(row.last_message_at), now);
        if (waited >= config.hours * 60 && (await this.escalateOne(Number(row.id), rule, config, tally))) tally.escalated++;
      }
      if (rows.length < PAGE_SIZE) break;
      afterId = Number(rows[rows.length - 1].id);
    }
  }

  private async schedule(cache: Map<number | null, ScheduleSpec | null>, planId: number | null): Promise<ScheduleSpec | null> {
    if (!cache.has(planId)) cache.set(planId, planId === null ? null : ((await loadPlanSpec(this.db.manager, planId))?.spec.schedule ?? null));
    return cache.get(planId)!;
  }

  /** A raw row's datetime: a Date from MySQL, a UTC "YYYY-MM-DD HH:MM:SS" string from SQLite. */
  private rawDate(value: Date | string): Date {
    return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
  }

  private async escalateOne(ticketId: number, rule: AutomationRule, config: EscalateConfig, tally: EscalationTally): Promise<boolean> {
    const now = this.clock.now();
    try {
      return await this.db.transaction(async (manager) => {
        await manager.insert(TicketAutomationMark, { ticketId, ruleId: rule.id, markedAt: now });
        const ticket = await manager.getRepository(Ticket).findOne({ where: { id: ticketId }, relations: { department: true, priority: true } });
        if (!ticket || ticket.state !== 'open' || (ticket.lastResponseAt && new Date(ticket.lastResponseAt) >= new Date(ticket.lastMessageAt))) throw new NoLongerDue();
        const actor = automationActor(rule.name);
        const done: string[] = [];
        const columns = await this.actions(manager, ticket, config, actor, now, done);
        if (Object.keys(columns).length > 0) {
          await manager.update(Ticket, { id: ticketId }, { ...columns, updatedAt: now, version: () => 'version + 1' });
        }
        if (columns.departmentId !== undefined) await this.sla.recompute(manager, ticketId, 'transferred');
        let alerts = 0;
        if (config.actions.alert) {
          alerts = await this.alert(manager, { ...ticket, ...columns }, rule, config);
          if (alerts > 0) done.push(`alerted ${alerts} agent${alerts === 1 ? '' : 's'}`);
        }
        const hours = `${config.hours} business hour${config.hours === 1 ? '' : 's'}`;
        await this.threads.appendEvent(manager, {
          ticketId, event: 'escalated', posterName: actor,
          text: `No agent response for ${hours}: escalated by automation “${rule.name}”${done.length > 0 ? ` (${done.join(', ')})` : ''}`,
          data: { rule: rule.name, hours: config.hours }, at: now,
        });
        tally.alerts += alerts;
        return true;
      });
    } catch (err) {
      // Another run marked it first, or it was answered meanwhile: nothing to do, nothing written.
      if (err instanceof NoLongerDue || isConstraintViolation(err, 'unique')) return false;
      throw err;
    }
  }

  /** Applies assign / team / transfer / priority, each with its own event; returns the ticket columns to write. */
  private async actions(manager: EntityManager, ticket: Ticket, config: EscalateConfig, actor: string, now: Date, done: string[]): Promise<Partial<Ticket>> {
    const { actions } = config;
    const columns: Partial<Ticket> = {};
    const event = (name: 'assigned' | 'transferred' | 'priority_changed', text: string, data: Record<string, string | number>) =>
      this.threads.appendEvent(manager, { ticketId: ticket.id, event: name, posterName: actor, text: `${actor} ${text}`, data, at: now });
    if (actions.assignStaffId !== undefined && ticket.staffId !== actions.assignStaffId) {
      const agent = await manager.findOneBy(Staff, { id: actions.assignStaffId, isActive: true });
      if (agent) {
        columns.staffId = agent.id;
        await event('assigned', `assigned the ticket to ${agent.name}`, { staffId: agent.id, to: agent.name });
        done.push(`assigned to ${agent.name}`);
      } else done.push('the agent to assign is no longer active');
    }
    if (actions.assignTeamId !== undefined && ticket.teamId !== actions.assignTeamId) {
      const team = await manager.findOneBy(Team, { id: actions.assignTeamId, isActive: true });
      if (team) {
        columns.teamId = team.id;
        await event('assigned', `assigned the ticket to the team ${team.name}`, { teamId: team.id, to: team.name });
        done.push(`assigned to the team ${team.name}`);
      } else done.push('the team to assign is no longer active');
    }
    if (actions.transferDepartmentId !== undefined && ticket.departmentId !== actions.transferDepartmentId) {
      const department = await manager.findOneBy(Department, { id: actions.transferDepartmentId, isActive: true });
      if (department) {
        columns.departmentId = department.id;
        await event('transferred', `transferred the ticket from ${ticket.department.name} to ${department.name}`, { from: ticket.department.name, to: department.name });
        done.push(`transferred to ${department.name}`);
      } else done.push('the department to transfer to is no longer active');
    }
    if (actions.raisePriority) {
      const [next] = await manager.find(Priority, { where: { urgency: MoreThan(ticket.priority.urgency), isActive: true }, order: { urgency: 'ASC' }, take: 1 });
      if (next) {
        columns.priorityId = next.id;
        await event('priority_changed', `changed the priority from ${ticket.priority.name} to ${next.name}`, { from: ticket.priority.name, to: next.name });
        done.push(`priority raised to ${next.name}`);
      }
    }
    return columns;
  }

  private async alert(manager: EntityManager, ticket: Ticket, rule: AutomationRule, config: EscalateConfig): Promise<number> {
    const recipients = await alertRecipients(manager, ticket);
    for (const r of recipients) {
      await this.mail.enqueue(manager, {
        to: r.email,
        subject: `[#${ticket.number}] No agent response: ${ticket.subject}`,
        text: [
          `Hello ${r.name},`,
          '',
          `Ticket #${ticket.number} has waited ${config.hours} business hour${config.hours === 1 ? '' : 's'} for an agent's response (automation “${rule.name}”).`,
          '',
          `Subject: ${ticket.subject}`,
          '',
          `Open the ticket: ${staffTicketUrl(this.config.publicUrl, ticket.id)}`,
          '',
          `-- ${this.config.helpdeskName}`,
          '',
        ].join('\n'),
        headers: ALERT_HEADERS,
      });
    }
    return recipients.length;
  }
}
