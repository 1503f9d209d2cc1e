import { Injectable } from '@nestjs/common';
import { AuditEvent } from '../../audit/audit-event.entity';
import { AuditLogPage } from '../../audit/audit-log.service';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { adminPage } from '../admin-nav';
import { diffLines } from './audit-diff';
import { ACTION_GROUPS, AuditFilterDto, TARGET_TYPES } from './audit-filter.dto';

export type AuditFilterValues = Pick<AuditFilterDto, 'group' | 'action' | 'actor' | 'target' | 'from' | 'to'>;

const ACTOR_TYPES: Record<string, string> = { staff: 'Agent', user: 'User', api: 'API key', system: 'System' };

/** View-models of the audit log viewer. */
@Injectable()
export class AdminAuditPresenter {
  constructor(private readonly config: AppConfig) {}

  private url(query: Record<string, string>): string {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
    const search = params.toString();
    return `${this.config.basePath}/scp/admin/audit${search ? `?${search}` : ''}`;
  }

  page(values: AuditFilterValues, result: AuditLogPage | null, before: number | null, errors: FormErrors = {}) {
    const filters = { group: values.group, action: values.action, actor: values.actor, target: values.target, from: values.from, to: values.to };
    const isFiltered = Object.values(filters).some((v) => v !== '');
    return {
      ...adminPage('audit', this.config.basePath, 'Audit Log'),
      form: { values: filters, errors },
      groups: ACTION_GROUPS.map((g) => ({ value: g.prefix, label: `${g.label} (${g.prefix}…)`, selected: g.prefix === values.group })),
      targetTypes: TARGET_TYPES,
      listUrl: this.url({}),
      isFiltered,
      events: (result?.events ?? []).map((e) => this.event(e)),
      firstUrl: before !== null ? this.url(filters) : null,
      nextUrl: result?.nextBefore ? this.url({ ...filters, before: String(result.nextBefore) }) : null,
    };
  }

  private event(e: AuditEvent) {
    const changes = diffLines(e.before, e.after);
    return {
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      action: e.action,
      actorName: e.actorName,
      actorType: ACTOR_TYPES[e.actorType] ?? e.actorType,
      actorId: e.actorId,
      ipAddress: e.ipAddress,
      target: e.targetType ? { type: e.targetType, id: e.targetId, label: e.targetLabel } : null,
      changes: changes.length > 0 ? changes.map((c) => c.text).join('\n') : null,
      changeCount: changes.length,
    };
  }
}
