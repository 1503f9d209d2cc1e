import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Setting } from './setting.entity';
import {
  encodeSetting, flattenSettings, parseSettings, resolveSettings, SettingKey, Settings, settingsContext, SettingsContext, SettingsInput,
} from './settings.schema';

/**
 * How long a read is reused. Each app instance caches on its own and an update clears only its own
 * copy, so with several instances behind a load balancer the others see a change within these few
 * seconds. Nothing depends on the cache for correctness: it only spares the settings query on every
 * page, and a stale value for a few seconds is an old (valid) setting, never a broken one.
 */
export const SETTINGS_CACHE_MS = 5_000;

export interface SettingsUpdate {
  settings: Settings;
  /** The keys whose value changed (none: nothing was written and nothing audited). */
  changed: SettingKey[];
}

/** The help desk's settings (see settings.schema.ts): read by every feature they affect, changed by admins. */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);
  readonly context: SettingsContext;
  private cached: { settings: Settings; expiresAt: number } | null = null;
  private loading: Promise<Settings> | null = null;
  /** Bumped by every local update, so a read that started before it is never cached after it. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.context = settingsContext(config);
  }

  /**
   * Every setting, typed and frozen: stored values over the schema's defaults. Cached for at most
   * SETTINGS_CACHE_MS; concurrent callers share one query.
   */
  async get(): Promise<Settings> {
    // A monotonic clock, not the injectable Clock: cache freshness is about elapsed time, and a test's
    // frozen clock must not freeze the cache.
    if (this.cached && this.cached.expiresAt > performance.now()) return this.cached.settings;
    if (!this.loading) {
      const loading: Promise<Settings> = this.load().finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  /**
   * Changes the given settings: each is validated by the schema, and the ones naming rows (department,
   * help topic) must name a usable row; any failure is a 422 with one message
   * per field and nothing saved. The changed keys are written with one `settings.updated` audit record
   * (before/after of the changed fields) in one transaction.
   */
  async update(actor: AuditActor, input: SettingsInput): Promise<SettingsUpdate> {
    const { values, errors } = parseSettings(input, this.context);
    Object.assign(errors, await this.referenceErrors(values, errors));
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', 'Please correct the settings marked below.', errors);

    const result = await this.db.transaction(async (manager) => {
      const current = await this.read(manager);
      const changed = (Object.keys(values) as SettingKey[]).filter((key) => encodeSetting(values[key]) !== encodeSetting(current[key]));
      if (changed.length === 0) return { settings: current, changed };
      const now = this.clock.now();
      await manager.getRepository(Setting).upsert(changed.map((key) => ({ key, value: encodeSetting(values[key]), updatedAt: now })), ['key']);
      const pick = (from: Partial<Settings>) => flattenSettings(Object.fromEntries(changed.map((key) => [key, from[key]])));
      const { before, after } = changedFields(pick(current), pick(values));
      await this.audit.record(actor, { action: 'settings.updated', target: { type: 'settings', id: null, label: 'Settings' }, before, after }, manager);
      return { settings: await this.read(manager), changed };
    });
    this.invalidate();
    return result;
  }

  /** Forgets the cached copy on this instance; the next read goes to the database. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }

  private async load(): Promise<Settings> {
    const generation = this.generation;
    const settings = await this.read(this.db.manager);
    if (generation === this.generation) this.cached = { settings, expiresAt: performance.now() + SETTINGS_CACHE_MS };
    return settings;
  }

  private async read(manager: EntityManager): Promise<Settings> {
    const rows = await manager.getRepository(Setting).find();
    const { settings, rejected } = resolveSettings(Object.fromEntries(rows.map((row) => [row.key, row.value])), this.context);
    if (rejected.length > 0) this.logger.warn(`stored settings no longer valid, using their defaults: ${rejected.join(', ')}`);
    return settings;
  }

  /** The settings that name a row which does not exist or is disabled (or, for the help topic, is private). */
  private async referenceErrors(values: Partial<Settings>, known: Record<string, string>): Promise<Record<string, string>> {
    const errors: Record<string, string> = {};
    const check = async <T>(key: SettingKey, id: number | null | undefined, find: (id: number) => Promise<T | null>, problem: (row: T | null) => string | null) => {
      if (id === null || id === undefined || key in known) return;
      const message = problem(await find(id));
      if (message) errors[key] = message;
    };
    const repo = <T extends object>(entity: new () => T) => this.db.getRepository(entity);
    await Promise.all([
      check('defaultDepartmentId', values.defaultDepartmentId, (id) => repo(Department).findOneBy({ id, isActive: true }),
        (row) => (row ? null : 'Choose a department from the list.')),
      // The default topic is chosen in advance on the portal's form, so it must be one users may pick.
      check('defaultHelpTopicId', values.defaultHelpTopicId, (id) => repo(HelpTopic).findOneBy({ id, isActive: true, isPublic: true }),
        (row) => (row ? null : 'Choose a help topic from the list.')),
    ]);
    return errors;
  }
}
