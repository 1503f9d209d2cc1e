import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { SettingsService } from '../settings/settings.service';
import type { Ticket } from '../tickets/ticket.entity';
import { instantToLocal } from './local-time';
import { computeSla, slaTimeline, SlaTarget, TimelineEvent } from './sla-calculator';
import { Schedule } from './schedule.entity';
import { loadPlanSpec } from './sla-specs';
import { slaInput } from './sla.service';
import { TicketSlaPause } from './ticket-sla-pause.entity';

/** A target as the ticket page shows it. */
export interface SlaTargetView {
  dueAt: Date | null;
  metAt: Date | null;
  breached: boolean;
}

/** The SLA of one ticket as its staff page shows it. */
export interface TicketSlaView {
  planName: string | null;
  /** "Mon-Fri 8-17 (America/New_York)" or "calendar hours". */
  hoursName: string | null;
  firstResponse: SlaTargetView | null;
  resolution: SlaTargetView | null;
  isPaused: boolean;
  pauseReason: string | null;
  manualDueAt: Date | null;
  /** The manual due date as the due-date form shows it, in the settings' time zone ('' when none). */
  manualDueLocal: string;
  timezone: string;
  effectiveDueAt: Date | null;
  isOverdue: boolean;
  timeline: TimelineEvent[];
}

const target = (t: SlaTarget | null): SlaTargetView | null => (t ? { dueAt: t.dueAt, metAt: t.metAt, breached: t.breached } : null);

/** Reads a ticket's SLA story for its page: the calculator's timeline with each pause's reason. */
@Injectable()
export class SlaTimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async forTicket(ticket: Ticket): Promise<TicketSlaView> {
    const manager = this.db.manager;
    const [{ timezone }, loaded, pauses] = await Promise.all([
      this.settings.get(),
      ticket.slaPlanId === null ? null : loadPlanSpec(manager, ticket.slaPlanId),
      manager.find(TicketSlaPause, { where: { ticketId: ticket.id }, order: { id: 'ASC' } }),
    ]);
    const now = this.clock.now();
    const open = pauses.find((p) => p.endedAt === null) ?? null;
    const isPaused = ticket.state === 'open' && open !== null;
    const manualDueAt = ticket.dueAt ? new Date(ticket.dueAt) : null;
    const base = {
      manualDueAt, manualDueLocal: manualDueAt ? instantToLocal(manualDueAt, timezone) : '', timezone,
      isPaused, pauseReason: isPaused ? open!.reason : null,
    };
    if (!loaded) {
      const isOverdue = manualDueAt !== null && ticket.state === 'open' && !isPaused && now > manualDueAt;
      return { ...base, planName: null, hoursName: null, firstResponse: null, resolution: null, effectiveDueAt: manualDueAt, isOverdue, timeline: [] };
    }
    const input = slaInput(ticket, loaded.spec, pauses, now);
    const result = computeSla(input);
    const schedule = loaded.plan.scheduleId === null ? null : await manager.findOneBy(Schedule, { id: loaded.plan.scheduleId });
    return {
      ...base,
      planName: loaded.plan.name,
      hoursName: schedule ? `${schedule.name} (${schedule.timezone})` : 'calendar hours',
      firstResponse: target(result.firstResponse),
      resolution: target(result.resolution),
      effectiveDueAt: result.effectiveDueAt,
      isOverdue: result.isOverdue && ticket.state === 'open' && !result.isPaused,
      timeline: withReasons(slaTimeline(input), pauses),
    };
  }
}

/**
 * The calculator merges touching pauses into one paused/resumed pair; name the statuses (or the closed
 * period) that held the clock in each.
 */
export function withReasons(events: TimelineEvent[], pauses: TicketSlaPause[]): TimelineEvent[] {
  return events.map((event, i) => {
    if (event.kind !== 'paused' && event.kind !== 'resumed') return event;
    const start = event.kind === 'paused' ? event.at.getTime() : lastPausedBefore(events, i);
    const end = event.kind === 'resumed' ? event.at.getTime() : nextResumedAfter(events, i);
    const reasons = [...new Set(pauses.filter((p) => {
      const at = new Date(p.startedAt).getTime();
      return at >= start && at < end;
    }).map((p) => p.reason))];
    if (reasons.length === 0) return event;
    const why = reasons.join(', then ');
    return { ...event, note: event.kind === 'paused' ? `${event.note}: ${why}` : `${event.note} (${why})` };
  });
}

function lastPausedBefore(events: TimelineEvent[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (events[j].kind === 'paused') return events[j].at.getTime();
  return -Infinity;
}

function nextResumedAfter(events: TimelineEvent[], i: number): number {
  for (let j = i + 1; j < events.length; j++) if (events[j].kind === 'resumed') return events[j].at.getTime();
  return Infinity;
}
