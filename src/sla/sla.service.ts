import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField } from '../common/errors';
import { SettingsService } from '../settings/settings.service';
import { Ticket } from '../tickets/ticket.entity';
import { computeSla, SlaInput, SlaPlanSpec } from './sla-calculator';
import { localToInstant } from './local-time';
import { SlaPlan } from './sla-plan.entity';
import { loadPlanSpec } from './sla-specs';
import { TicketSlaPause } from './ticket-sla-pause.entity';

/** What makes a recompute necessary; kept in the debug log. */
export type SlaRecomputeReason =
  | 'created' | 'status_changed' | 'reopened' | 'first_response' | 'transferred' | 'plan_changed' | 'due_changed' | 'filter';

/** The status facts the clock cares about. */
export interface SlaStatus {
  name: string;
  state: string;
  pausesSla: boolean;
}

/** The ticket columns a recompute writes. */
export type SlaColumns = Pick<Ticket,
  'firstResponseDueAt' | 'resolutionDueAt' | 'slaDueAt' | 'isOverdue' | 'firstResponseBreachedAt' | 'resolutionBreachedAt'>;

/**
 * CASE: the clock stands still while the status pauses the SLA (Awaiting Response) and while the ticket is
 * closed (or archived, or deleted): reopening continues it from where it stopped, so closed time never counts.
 */
export const stopsClock = (status: SlaStatus): boolean => status.pausesSla || status.state !== 'open';

type TicketRow = Pick<Ticket, 'id' | 'state' | 'slaPlanId' | 'dueAt' | 'createdAt' | 'firstResponseAt' | 'closedAt' | 'slaPausedAt'
  | 'firstResponseBreachedAt' | 'resolutionBreachedAt'>;

/**
 * SLA tracking: which plan a new ticket gets, the pauses of its clock, and its due times, written on the
 * ticket so queues sort and the overdue job scans by them. Every method takes the caller's transaction, so
 * the due times change together with what moved them.
 */
@Injectable()
export class SlaService {
  private readonly logger = new Logger(SlaService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The plan of a new ticket: the intake filter's choice, then the help topic's, then the department's,
   * then the install's default (the plan flagged default on the SLA Plans page). Disabled plans are
   * skipped at every step; null when none applies (the ticket has no SLA).
   */
  async choosePlan(input: { filterPlanId?: number | null; topic?: { slaPlanId: number | null } | null; department?: { slaPlanId: number | null } | null }): Promise<number | null> {
    const candidates = [input.filterPlanId, input.topic?.slaPlanId, input.department?.slaPlanId]
      .filter((id): id is number => typeof id === 'number');
    const active = candidates.length > 0
      ? new Set((await this.db.getRepository(SlaPlan).find({ select: { id: true }, where: candidates.map((id) => ({ id, isActive: true })) })).map((p) => p.id))
      : new Set<number>();
    const chosen = candidates.find((id) => active.has(id));
    if (chosen !== undefined) return chosen;
    // CASE: no plan flagged default (or it is disabled): the ticket has no SLA.
    return (await this.db.getRepository(SlaPlan).findOneBy({ isDefault: true, isActive: true }))?.id ?? null;
  }

  /**
   * Opens or closes the pause of the ticket's clock when its status moves into or out of one that stops it
   * (`from` null: the ticket is just being opened). A move between two stopping statuses ends one pause
   * and starts the next, so the timeline names each reason. Keeps `tickets.sla_paused_at` in step.
   */
  async onStatusChange(manager: EntityManager, ticket: { id: number }, from: SlaStatus | null, to: SlaStatus, at: Date): Promise<void> {
    const wasStopped = from !== null && stopsClock(from);
    const nowStopped = stopsClock(to);
    if (from !== null && wasStopped === nowStopped && from.name === to.name) return;
    if (wasStopped) await manager.update(TicketSlaPause, { ticketId: ticket.id, endedAt: IsNull() }, { endedAt: at });
    if (nowStopped) await manager.insert(TicketSlaPause, { ticketId: ticket.id, startedAt: at, endedAt: null, reason: to.name.slice(0, 191) });
    if (wasStopped !== nowStopped) await manager.update(Ticket, { id: ticket.id }, { slaPausedAt: nowStopped ? at : null });
  }

  /**
   * Recomputes the ticket's due times from its plan, its start (created), its pauses, its first response and
   * its resolution, and writes them: first_response_due_at, resolution_due_at, sla_due_at (the manual due
   * date wins), is_overdue (never while met, paused or closed) and clears a breach mark whose due time has
   * moved into the future again. The overdue job alone sets breach marks.
   */
  async recompute(manager: EntityManager, ticketId: number, reason: SlaRecomputeReason): Promise<SlaColumns | null> {
    const ticket: TicketRow | null = await manager.findOneBy(Ticket, { id: ticketId });
    if (!ticket) return null;
    const now = this.clock.now();
    const loaded = ticket.slaPlanId === null ? null : await loadPlanSpec(manager, ticket.slaPlanId);
    const columns = loaded ? this.computed(ticket, loaded.spec, await this.pauses(manager, ticketId), now) : manualOnly(ticket, now);
    await manager.update(Ticket, { id: ticketId }, columns);
    this.logger.debug(`SLA of ticket ${ticketId} recomputed (${reason}): due ${columns.slaDueAt?.toISOString() ?? 'none'}`);
    return columns;
  }

  /** The ticket's pauses as the calculator takes them, oldest first. */
  async pauses(manager: EntityManager, ticketId: number): Promise<TicketSlaPause[]> {
    return manager.find(TicketSlaPause, { where: { ticketId }, order: { id: 'ASC' } });
  }

  /**
   * A due date typed in a datetime-local input, in the settings' time zone; '' is no date. A 422 on
   * `dueAt` when it is not a real date and time.
   */
  async parseLocalDue(text: string): Promise<Date | null> {
    if (text === '') return null;
    const { timezone } = await this.settings.get();
    const at = localToInstant(text, timezone);
    if (!at) throw invalidField('dueAt', 'Enter a date and time, like 2026-12-01 17:00, or leave it empty to clear it.');
    return at;
  }

  private computed(ticket: TicketRow, plan: SlaPlanSpec, pauses: TicketSlaPause[], now: Date): SlaColumns {
    const result = computeSla(slaInput(ticket, plan, pauses, now));
    const firstResponseDueAt = result.firstResponse?.dueAt ?? null;
    const resolutionDueAt = result.resolution.dueAt;
    return {
      firstResponseDueAt,
      resolutionDueAt,
      slaDueAt: result.effectiveDueAt,
      isOverdue: result.isOverdue && ticket.state === 'open' && !result.isPaused,
      firstResponseBreachedAt: stillBreached(ticket.firstResponseBreachedAt, firstResponseDueAt, now),
      // The overdue job marks a resolution breach against the effective due (a manual due date wins).
      resolutionBreachedAt: stillBreached(ticket.resolutionBreachedAt, result.effectiveDueAt, now),
    };
  }
}

/** The calculator's input for a ticket: started when created; resolved while not open. */
export function slaInput(ticket: Pick<Ticket, 'state' | 'dueAt' | 'createdAt' | 'firstResponseAt' | 'closedAt'>, plan: SlaPlanSpec, pauses: TicketSlaPause[], now: Date): SlaInput {
  return {
    plan,
    startedAt: new Date(ticket.createdAt),
    pauses: pauses.map((p) => ({ start: new Date(p.startedAt), end: p.endedAt ? new Date(p.endedAt) : null })),
    firstRespondedAt: ticket.firstResponseAt ? new Date(ticket.firstResponseAt) : null,
    resolvedAt: ticket.state !== 'open' && ticket.closedAt ? new Date(ticket.closedAt) : null,
    now,
    manualDueAt: ticket.dueAt ? new Date(ticket.dueAt) : null,
  };
}

/** No plan: only a manual due date counts. */
function manualOnly(ticket: TicketRow, now: Date): SlaColumns {
  const due = ticket.dueAt ? new Date(ticket.dueAt) : null;
  return {
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaDueAt: due,
    isOverdue: due !== null && ticket.state === 'open' && ticket.slaPausedAt === null && now.getTime() > due.getTime(),
    firstResponseBreachedAt: null,
    resolutionBreachedAt: stillBreached(ticket.resolutionBreachedAt, due, now),
  };
}

/** CASE: a breach mark stays while its due time is still past; a recompute that moves it later clears it. */
function stillBreached(mark: Date | null, due: Date | null, now: Date): Date | null {
  if (mark === null || due === null || due.getTime() > now.getTime()) return null;
  return mark;
}
