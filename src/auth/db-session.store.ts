import { Logger } from '@nestjs/common';
import { SessionData, Store } from 'express-session';
import { DataSource, LessThan, MoreThan, Repository } from 'typeorm';
import { SessionRecord } from './session.entity';

export interface DbSessionStoreOptions {
  /** How long a session lives when its cookie carries no expiry (it always does here: maxAge is set). */
  ttlMs: number;
  /** Expired rows are deleted at most this often, piggybacking on a write. Default 5 minutes. */
  cleanupIntervalMs?: number;
  /** A touch that would move the expiry by less than this is skipped, to spare a write per request. */
  touchGraceMs?: number;
  now?: () => number;
}

type Callback = (err?: unknown) => void;

/**
 * express-session's store over the `sessions` table, so a restart or a second app instance behind a
 * load balancer keeps everyone logged in. Expired rows are never returned, and are deleted in the
 * background on a write at most once per cleanup interval (no timer to keep alive or to stop).
 */
export class DbSessionStore extends Store {
  private readonly logger = new Logger('Sessions');
  private readonly ttlMs: number;
  private readonly cleanupIntervalMs: number;
  private readonly touchGraceMs: number;
  private readonly now: () => number;
  private lastCleanup = 0;

  constructor(
    private readonly dataSource: DataSource,
    options: DbSessionStoreOptions,
  ) {
    super();
    this.ttlMs = options.ttlMs;
    this.cleanupIntervalMs = options.cleanupIntervalMs ?? 5 * 60_000;
    this.touchGraceMs = options.touchGraceMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  private get sessions(): Repository<SessionRecord> {
    return this.dataSource.getRepository(SessionRecord);
  }

  get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.sessions
      .findOne({ where: { sid, expiresAt: MoreThan(new Date(this.now())) } })
      .then((row) => {
        if (!row) return callback(null, null);
        const data = parse(row.data);
        if (data) return callback(null, data);
        // CASE: a row we cannot read (hand-edited, truncated) is a session that does not exist.
        this.destroy(sid, () => callback(null, null));
      })
      .catch((err) => callback(err));
  }

  set(sid: string, session: SessionData, callback?: Callback): void {
    const row = { sid, expiresAt: this.expiryOf(session), data: JSON.stringify(session) };
    this.sessions
      .upsert(row, ['sid'])
      .then(() => {
        callback?.();
        this.cleanupIfDue();
      })
      .catch((err) => callback?.(err));
  }

  destroy(sid: string, callback?: Callback): void {
    this.sessions
      .delete({ sid })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /** Moves the expiry forward for an unchanged session (rolling cookies), unless it moved a moment ago. */
  touch(sid: string, session: SessionData, callback?: Callback): void {
    const expiresAt = this.expiryOf(session);
    this.sessions
      .update({ sid, expiresAt: LessThan(new Date(expiresAt.getTime() - this.touchGraceMs)) }, { expiresAt })
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /** Deletes every expired row now; returns how many went. */
  async deleteExpired(): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(new Date(this.now())) });
    return result.affected ?? 0;
  }

  private cleanupIfDue(): void {
    const now = this.now();
    if (now - this.lastCleanup < this.cleanupIntervalMs) return;
    this.lastCleanup = now;
    this.deleteExpired().catch((err: Error) => this.logger.warn(`could not delete expired sessions: ${err.message}`));
  }

  private expiryOf(session: SessionData): Date {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : null;
    return expires && !Number.isNaN(expires.getTime()) ? expires : new Date(this.now() + this.ttlMs);
  }
}

function parse(data: string): SessionData | null {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as SessionData) : null;
  } catch {
    return null;
  }
}
