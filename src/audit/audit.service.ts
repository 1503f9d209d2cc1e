import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AuditActorType, AuditEvent } from './audit-event.entity';

export interface AuditActor {
  type: AuditActorType;
  id: number | null;
  name: string;
  ip: string | null;
}

/** The audit actor for a signed-in agent at an address. */
export const staffActor = (agent: { staffId: number; name: string }, ip: string | undefined): AuditActor => ({
  type: 'staff', id: agent.staffId, name: agent.name, ip: ip ?? null,
});

export interface AuditEntry {
  action: string;
  target?: { type: string; id: number | null; label: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Fields never written to the audit log, whatever the entity (SECURITY 13: secrets never leave). */
const SECRET_FIELDS = /password|secret|token|hash|totp|recovery/i;

/**
 * The audit log: every admin change with before and after, and every security event. Pass the
 * transaction's manager so the record commits (or rolls back) with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>,
    private readonly clock: Clock,
  ) {}

  async record(actor: AuditActor, entry: AuditEntry, manager: EntityManager = this.events.manager): Promise<void> {
    const repo = manager.getRepository(AuditEvent);
    await repo.save(repo.create({
      createdAt: this.clock.now(),
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name.slice(0, 191),
      ipAddress: actor.ip?.slice(0, 64) ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetLabel: entry.target?.label?.slice(0, 191) ?? null,
      before: redact(entry.before ?? null),
      after: redact(entry.after ?? null),
    }));
  }
}

/** Copies the plain fields worth keeping, with secrets masked. Dates become ISO strings. */
export function redact(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!values) return null;
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => typeof v !== 'function' && (v === null || typeof v !== 'object' || v instanceof Date || Array.isArray(v)))
      .map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : v instanceof Date ? v.toISOString() : v]),
  );
}

/** Only the fields that differ, for a compact "before → after" record of an update. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}
