import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { MailboxCursor } from './mailbox-cursor.entity';

/** Longest error text kept: enough for a server's answer, short enough for a list column. */
const MAX_ERROR_CHARS = 1000;

/** How fetching a mailbox last went, for the email accounts admin list. */
export interface FetchStatus {
  lastFetchAt: Date | null;
  lastError: string | null;
}

/** Reads and moves the per-mailbox fetch cursors (one row per email account, created on first use). */
@Injectable()
export class MailboxCursorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  find(emailAccountId: number): Promise<MailboxCursor | null> {
    return this.db.getRepository(MailboxCursor).findOneBy({ emailAccountId });
  }

  /** Fetch status per account id, for the accounts on one admin page (one indexed query). */
  async statuses(emailAccountIds: number[]): Promise<Map<number, FetchStatus>> {
    if (emailAccountIds.length === 0) return new Map();
    const rows = await this.db.getRepository(MailboxCursor).find({
      select: { emailAccountId: true, lastFetchAt: true, lastError: true },
      where: { emailAccountId: In(emailAccountIds) },
    });
    return new Map(rows.map((r) => [r.emailAccountId, { lastFetchAt: r.lastFetchAt, lastError: r.lastError }]));
  }

  /** A fresh cursor for this UIDVALIDITY: nothing of the (renumbered) folder handed over yet. */
  async reset(emailAccountId: number, uidvalidity: number): Promise<void> {
    await this.upsert(emailAccountId, { uidvalidity, lastUid: 0 });
  }

  /** Every message up to `uid` has been handed over and marked on the server. */
  async advance(emailAccountId: number, uid: number): Promise<void> {
    await this.db.getRepository(MailboxCursor).update({ emailAccountId }, { lastUid: uid });
  }

  /** The pass has ended: when, and why it failed (null: it did not). */
  async finish(emailAccountId: number, error: string | null): Promise<void> {
    await this.upsert(emailAccountId, { lastFetchAt: this.clock.now(), lastError: error === null ? null : error.slice(0, MAX_ERROR_CHARS) });
  }

  private async upsert(emailAccountId: number, values: Partial<MailboxCursor>): Promise<void> {
    const repo = this.db.getRepository(MailboxCursor);
    // The row is created once per account; two instances racing here both end up updating the one row.
    await this.db.createQueryBuilder().insert().into(MailboxCursor)
      .values({ emailAccountId, uidvalidity: null, lastUid: 0, lastFetchAt: null, lastError: null })
      .orIgnore()
      .execute();
    await repo.update({ emailAccountId }, values);
  }
}
