import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../../auth/staff.guard';
import { Clock } from '../../common/clock';
import { notFound } from '../../common/errors';
import { AppConfig } from '../../config/app-config';
import { AgentScope } from '../../tickets/ticket-access';
import { parseReportRange } from '../report-range';
import { reportDepartments } from '../satisfaction-access';
import { SatisfactionReportService } from '../satisfaction-report.service';

/**
 * /scp/reports/satisfaction: good and bad ratings by agent, department and help topic over a period.
 * Admins see every department; agents with 'reports.satisfaction' their departments; others a 404.
 */
@Controller('scp/reports/satisfaction')
@UseGuards(StaffGuard)
export class ScpSatisfactionReportController {
  constructor(
    private readonly reports: SatisfactionReportService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async show(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const departments = reportDepartments(scope);
    if (departments === null) throw notFound();
    const parsed = parseReportRange(query, this.clock.now());
    const page = { title: 'Satisfaction', layout: 'layouts/scp', action: `${this.config.basePath}/scp/reports/satisfaction`, scoped: departments !== 'all' };
    if (!parsed.ok) {
      return res.status(422).render('scp/reports/satisfaction', { ...page, form: { values: { from: parsed.from, to: parsed.to }, errors: parsed.errors }, report: null });
    }
    const report = await this.reports.report(parsed.range, departments);
    res.render('scp/reports/satisfaction', { ...page, form: { values: { from: parsed.range.from, to: parsed.range.to }, errors: {} }, report, hasRatings: report.totals.total > 0 });
  }
}
