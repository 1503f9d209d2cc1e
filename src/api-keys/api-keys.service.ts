import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, LessThanOrEqual, Or, Repository } from 'typeorm';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { containsPattern } from '../common/like-pattern';
import { API_SCOPES, ApiKey, ApiScope } from './api-keys.entities';
import { ipAllowed, parseAllowlist } from './ip-allowlist';

export interface NewApiKey {
  name: string;
  scopes: string[];
  /** As typed in the form: one address or CIDR range per line. */
  ipAllowlist: string;
}

/** How long one `api_key.used` audit record (and one last_used_at write) covers. */
const USE_RECORD_INTERVAL_MS = 60_000;
/** 32 random bytes, base64url: 43 characters. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 8;

/**
 * SECURITY 13: API keys are random, shown once, stored hashed, scoped, revocable, and optionally bound
 * to an allow-list of addresses.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every key, newest first, optionally only those whose name or key prefix contains `search`; revoked ones stay listed (they are never deleted). */
  list(search = ''): Promise<ApiKey[]> {
    const query = this.keys.createQueryBuilder('k').orderBy('k.id', 'DESC');
    if (search) query.where("(LOWER(k.name) LIKE :term ESCAPE '!' OR k.keyPrefix LIKE :term ESCAPE '!')", { term: containsPattern(search.toLowerCase()) });
    return query.getMany();
  }

  /**
   * Makes a key and returns it in plain text: the only time it exists outside the caller's hands. The
   * name must differ from every key still in use; at least one scope; a valid allow-list.
   */
  async create(actor: AuditActor, input: NewApiKey): Promise<{ key: ApiKey; plainKey: string }> {
    const scopes = API_SCOPES.filter((scope) => input.scopes.includes(scope));
    if (scopes.length === 0 || scopes.length !== new Set(input.scopes).size) throw invalidField('scopes', 'Choose at least one scope from the list.');
    const allowlist = parseAllowlist(input.ipAllowlist);
    if (!allowlist.ok) throw invalidField('ipAllowlist', allowlist.message);
    const plainKey = randomBytes(32).toString('base64url');
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiKey);
      const taken = await repo.createQueryBuilder('k')
        .where('LOWER(k.name) = :name AND k.revokedAt IS NULL', { name: input.name.toLowerCase() })
        .getCount();
      if (taken > 0) throw invalidField('name', `A key named “${input.name}” is already in use. Choose another name or revoke that key first.`);
      const key = await repo.save(repo.create({
        name: input.name,
        keyPrefix: plainKey.slice(0, PREFIX_LENGTH),
        keyHash: hashKey(plainKey),
        scopes,
        ipAllowlist: allowlist.entries,
        createdBy: actor.type === 'staff' ? actor.id : null,
        createdAt: this.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
      }));
      await this.audit.record(actor, { action: 'api_key.created', target: target(key), after: summary(key) }, manager);
      return { key, plainKey };
    });
  }

  /** Revokes a key at once; revoking one already revoked changes nothing. */
  async revoke(actor: AuditActor, id: number): Promise<ApiKey> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiKey);
      const key = await repo.findOneBy({ id });
      if (!key) throw notFound('API key');
      if (key.revokedAt) return key;
      key.revokedAt = this.clock.now();
      await repo.update({ id }, { revokedAt: key.revokedAt });
      await this.audit.record(actor, { action: 'api_key.revoked', target: target(key), before: { revokedAt: null }, after: { revokedAt: key.revokedAt } }, manager);
      return key;
    });
  }

  /**
   * The key a request presents (the X-API-Key header's value), if it may do `scope` from `ip`.
   * Missing, malformed, unknown and revoked keys are 401; a key used from outside its allow-list or
   * for a scope it lacks is 403. The first use each minute is audited and sets last_used_at.
   */
  async authenticate(headerValue: unknown, ip: string | undefined, scope: ApiScope): Promise<ApiKey> {
    if (headerValue === undefined || headerValue === '') throw new DomainError('unauthenticated', 'Send your API key in the X-API-Key header.');
    // CASE: a malformed value (a repeated header, a different format) never reaches the database.
    const key = typeof headerValue === 'string' && KEY_PATTERN.test(headerValue) ? await this.keys.findOneBy({ keyHash: hashKey(headerValue) }) : null;
    if (!key || key.revokedAt) throw new DomainError('unauthenticated', 'That API key is not valid (unknown or revoked).');
    if (!ipAllowed(ip, key.ipAllowlist)) throw new DomainError('forbidden', 'This API key may not be used from your address.');
    if (!key.scopes.includes(scope)) throw new DomainError('forbidden', `This API key does not have the ${scope} scope.`);
    await this.recordUse(key, ip);
    return key;
  }

  /**
   * At most one `api_key.used` record per key per minute, so a busy client does not flood the audit
   * log. The conditional update decides which request writes it, even across app instances.
   */
  private async recordUse(key: ApiKey, ip: string | undefined): Promise<void> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - USE_RECORD_INTERVAL_MS);
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.getRepository(ApiKey).update({ id: key.id, lastUsedAt: Or(IsNull(), LessThanOrEqual(cutoff)) }, { lastUsedAt: now });
      if (!result.affected) return;
      key.lastUsedAt = now;
      await this.audit.record({ type: 'api', id: key.id, name: key.name, ip: ip ?? null }, { action: 'api_key.used', target: target(key) }, manager);
    });
  }
}

/**
 * SHA-256, not a password hash: the key is 256 random bits, so nobody can guess it by trying
 * candidates against a leaked hash, and a fast hash keeps every API call cheap to check.
 */
export function hashKey(plainKey: string): string {
  return createHash('sha256').update(plainKey, 'utf8').digest('hex');
}

const target = (key: ApiKey) => ({ type: 'api_key', id: key.id, label: key.name });
const summary = (key: ApiKey) => ({ name: key.name, keyPrefix: key.keyPrefix, scopes: key.scopes, ipAllowlist: key.ipAllowlist });
