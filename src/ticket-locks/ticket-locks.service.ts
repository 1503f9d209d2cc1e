import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { TicketLock, TicketLockActivity } from './ticket-locks.entities';

/** osTicket's lock time: long enough to write a reply, renewed while the agent types. */
export const LOCK_MINUTES = 3;

/** Who else is working on a ticket, as the page shows it. */
export interface LockHolder {
  staffId: number;
  name: string;
  activity: TicketLockActivity;
  expiresAt: Date;
}

export type LockOutcome = { held: true } | { held: false; holder: LockHolder };

/**
 * The per-ticket lock: one agent at a time holds it for LOCK_MINUTES, taken when they open the ticket
 * page and renewed by the reply form's heartbeat; others see "Jane is replying". It warns, it does not
 * block: replies and notes are inserts, and the collision guard catches what was posted meanwhile.
 * Access to the ticket is checked by the caller (the same check as the ticket page).
 */
@Injectable()
export class TicketLocksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes or renews the lock for `staffId`, unless another agent holds a live one (then says who).
   * CASE: two agents racing for a free lock: the unique index on ticket_id lets one insert win.
   */
  async acquire(ticketId: number, staffId: number, activity: TicketLockActivity): Promise<LockOutcome> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const m = this.db.manager;
    await m.delete(TicketLock, { ticketId, expiresAt: LessThanOrEqual(now) });
    const renewed = await m.update(TicketLock, { ticketId, staffId }, { expiresAt, ...(activity === 'replying' ? { activity } : {}) });
    if (renewed.affected) return { held: true };
    try {
      await m.insert(TicketLock, { ticketId, staffId, activity, expiresAt, createdAt: now });
      return { held: true };
    } catch (err) {
      if (!isConstraintViolation(err, 'unique')) throw err;
    }
    const holder = await this.holder(ticketId, staffId);
    return holder ? { held: false, holder } : { held: true };
  }

  /** Gives the lock up (after a post, or when the agent leaves); only the holder's own lock goes. */
  async release(ticketId: number, staffId: number): Promise<void> {
    await this.db.manager.delete(TicketLock, { ticketId, staffId });
  }

  /** Another agent's live lock on the ticket, or null. */
  async holder(ticketId: number, exceptStaffId: number): Promise<LockHolder | null> {
    const lock = await this.db.manager.findOne(TicketLock, { where: { ticketId }, relations: { staff: true } });
    if (!lock || lock.staffId === exceptStaffId || lock.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return { staffId: lock.staffId, name: lock.staff.name, activity: lock.activity, expiresAt: lock.expiresAt };
  }
}
