import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { AgentPreferencesService } from '../preferences/agent-preferences.service';
import { CSV_HEADER, ticketCsvRow } from '../search/ticket-csv';
import { AgentScope } from '../tickets/ticket-access';
import { EMPTY_CRITERIA, hasCriteria, parseCriteria } from '../tickets/ticket-criteria';
import { TicketListSource, TicketQueuesService } from '../tickets/ticket-queues.service';
import { QueueSort } from '../tickets/ticket-queue-rules';
import { parseQueueQuery, parseSortAndCursor } from './dto/queue-query';
import { ScpListPages } from './scp-list-pages.service';

/**
 * CSV export of a queue (GET /scp/export?queue=...) or a search (GET /scp/export/search?<criteria>):
 * streamed in keyset batches (never the whole list in memory), limited to what the agent may see.
 */
@Controller('scp/export')
@UseGuards(StaffGuard)
export class ScpExportController {
  constructor(
    private readonly lists: ScpListPages,
    private readonly queues: TicketQueuesService,
    private readonly prefs: AgentPreferencesService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async queue(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { ref, sort } = parseQueueQuery(query);
    const list = await this.lists.resolve(scope, ref);
    await this.send(scope, res, list.source, sort ?? list.ownSort, list.key);
  }

  @Get('search')
  async search(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const parsed = parseCriteria(Object.fromEntries(Object.keys(EMPTY_CRITERIA).filter((k) => k in query).map((k) => [k, query[k]])));
    if (!parsed.ok) throw new DomainError('bad_request', Object.values(parsed.errors)[0]);
    if (!hasCriteria(parsed.criteria)) throw new DomainError('bad_request', 'Search for something before exporting the results.');
    const { sort } = parseSortAndCursor(query);
    await this.send(scope, res, { kind: 'criteria', criteria: parsed.criteria }, sort ?? { key: 'created', dir: 'desc' }, 'search');
  }

  private async send(scope: AgentScope, res: Response, source: TicketListSource, sort: QueueSort, name: string): Promise<void> {
    const { timezone } = await this.prefs.effective(scope.staffId);
    const batches = this.queues.batches(scope, { source, sort, timezone });
    const day = this.clock.now().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="tickets-${name}-${day}.csv"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    const rows = Readable.from((async function* () {
      yield CSV_HEADER;
      for await (const batch of batches) for (const t of batch) yield ticketCsvRow(t);
    })());
    await pipeline(rows, stringify({ bom: true }), res);
  }
}
