import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { invalidField, notFound } from '../common/errors';
import { SavedQueuesService } from '../search/saved-queues.service';
import { SettingsService } from '../settings/settings.service';
import { Staff } from '../staff/staff.entity';
import { AgentScope } from '../tickets/ticket-access';
import { effectivePageSize, parseQueueRef } from '../tickets/ticket-queue-rules';

/** What an agent chose for themselves at /scp/profile/preferences. */
export interface AgentPreferences {
  signature: string;
  /** IANA zone, or null for the help desk's. */
  timezone: string | null;
  /** 10-100, or null for the help desk's default. */
  pageSize: number | null;
  /** 'open', 'mine', ... or `q<id>`; null: Open. */
  defaultQueue: string | null;
}

/** The preferences as the queue pages apply them (defaults filled in). */
export interface EffectivePreferences {
  pageSize: number;
  timezone: string;
}

/** Agents' own preferences: signature (stored only; replies add it), time zone, page size, landing queue. */
@Injectable()
export class AgentPreferencesService {
  constructor(
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly settings: SettingsService,
    private readonly savedQueues: SavedQueuesService,
    private readonly clock: Clock,
  ) {}

  async get(staffId: number): Promise<AgentPreferences> {
    const row = await this.staff.findOne({ where: { id: staffId }, select: { id: true, signature: true, timezone: true, pageSize: true, defaultQueue: true } });
    if (!row) throw notFound();
    return { signature: row.signature ?? '', timezone: row.timezone, pageSize: row.pageSize, defaultQueue: row.defaultQueue };
  }

  /** Page size and time zone with the help desk's defaults where the agent chose none. */
  async effective(staffId: number): Promise<EffectivePreferences> {
    const [mine, settings] = await Promise.all([this.get(staffId), this.settings.get()]);
    return { pageSize: effectivePageSize(mine.pageSize, settings.defaultPageSize), timezone: mine.timezone ?? settings.timezone };
  }

  /**
   * Saves the agent's preferences. The form already checked each value's shape; here: the landing queue
   * must be one the agent may open (a custom queue of theirs or a shared one).
   */
  async update(scope: AgentScope, prefs: AgentPreferences): Promise<void> {
    const ref = prefs.defaultQueue ? parseQueueRef(prefs.defaultQueue) : null;
    if (prefs.defaultQueue && !ref) throw invalidField('defaultQueue', 'Choose a queue from the list.');
    if (ref?.kind === 'custom') {
      await this.savedQueues.get(scope, ref.id).catch(() => {
        throw invalidField('defaultQueue', 'Choose a queue from the list.');
      });
    }
    await this.staff.update({ id: scope.staffId }, {
      signature: prefs.signature === '' ? null : prefs.signature, timezone: prefs.timezone, pageSize: prefs.pageSize,
      defaultQueue: prefs.defaultQueue, updatedAt: this.clock.now(),
    });
  }

  /** Where /scp lands: the agent's default queue while they may still open it, else Open. */
  async landingQueue(scope: AgentScope): Promise<string> {
    const { defaultQueue } = await this.get(scope.staffId);
    const ref = defaultQueue ? parseQueueRef(defaultQueue) : null;
    if (!ref) return 'open';
    if (ref.kind === 'builtin') return ref.key;
    const usable = await this.savedQueues.get(scope, ref.id).then(() => true, () => false);
    return usable ? `q${ref.id}` : 'open';
  }
}
