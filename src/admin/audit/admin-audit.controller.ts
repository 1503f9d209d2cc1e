import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AuditLogFilter, AuditLogService } from '../../audit/audit-log.service';
import { parseForm } from '../../common/forms';
import { parseId } from '../../scp/dto/id';
import { AdminGuard } from '../admin.guard';
import { AdminAuditPresenter, AuditFilterValues } from './admin-audit.presenter';
import { AuditFilterDto } from './audit-filter.dto';

const DAY_MS = 86_400_000;

/**
 * /scp/admin/audit: the audit log, newest first, with filters. GET only: there is no route that
 * changes or removes an audit row.
 */
@Controller('scp/admin/audit')
@UseGuards(AdminGuard)
export class AdminAuditController {
  constructor(
    private readonly log: AuditLogService,
    private readonly presenter: AdminAuditPresenter,
  ) {}

  @Get()
  async index(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const before = query.before === undefined || query.before === '' ? null : parseId(query.before);
    const parsed = parseForm(AuditFilterDto, query);
    const values = parsed.ok ? parsed.value : typedValues(query);
    const errors = parsed.ok ? dateOrder(parsed.value) : parsed.errors;
    if (Object.keys(errors).length > 0) {
      res.status(422).render('admin/audit/index', this.presenter.page(values, null, null, errors));
      return;
    }
    const result = await this.log.page(toFilter(values), before);
    res.render('admin/audit/index', this.presenter.page(values, result, before));
  }
}

/** YYYY-MM-DD strings compare like the dates they name. */
function dateOrder(v: AuditFilterValues): Record<string, string> {
  return v.from && v.to && v.from > v.to ? { to: 'The end date is before the start date.' } : {};
}

function toFilter(v: AuditFilterValues): AuditLogFilter {
  return {
    actionPrefixes: [v.group, v.action].filter((p) => p !== ''),
    actor: v.actor,
    targetType: v.target,
    from: v.from ? new Date(`${v.from}T00:00:00Z`) : null,
    // CASE: "to" is a whole day: everything before the next midnight (UTC).
    until: v.to ? new Date(Date.parse(`${v.to}T00:00:00Z`) + DAY_MS) : null,
  };
}

/** The filter as typed, to show again beside its error messages. */
function typedValues(query: Record<string, unknown>): AuditFilterValues {
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');
  return { group: text(query.group), action: text(query.action), actor: text(query.actor), target: text(query.target), from: text(query.from), to: text(query.to) };
}
