import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentAgent, StaffGuard } from '../auth/staff.guard';
import { DomainError } from '../common/errors';
import { parseForm } from '../common/forms';
import { AppRequest } from '../common/request-context';
import { SavedQueuesService } from '../search/saved-queues.service';
import { AgentScope } from '../tickets/ticket-access';
import { EMPTY_CRITERIA, parseCriteria } from '../tickets/ticket-criteria';
import { DEFAULT_COLUMNS, QueueColumn, QueueSort, SortKey } from '../tickets/ticket-queue-rules';
import { IdParam } from './dto/id';
import { parseSortAndCursor } from './dto/queue-query';
import { SaveQueueDto } from './dto/save-queue.dto';
import { ScpSearchPages } from './scp-search-pages.service';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

/** Criteria fields of a request (query or body): everything parseCriteria reads, nothing else. */
const pickCriteria = (input: Record<string, unknown>) => Object.fromEntries(Object.keys(EMPTY_CRITERIA).filter((k) => k in input).map((k) => [k, input[k]]));

/**
 * GET /scp/search: the quick search (header box, `q`) and the advanced search (the other criteria) share
 * one results page; POST /scp/queues saves the search as a custom queue; POST /scp/queues/:id/delete.
 */
@Controller('scp')
@UseGuards(StaffGuard)
export class ScpSearchController {
  constructor(
    private readonly pages: ScpSearchPages,
    private readonly saved: SavedQueuesService,
    private readonly presenter: ScpPresenter,
  ) {}

  @Get('search')
  async search(@CurrentAgent() scope: AgentScope, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const parsed = parseCriteria(pickCriteria(query));
    const { status, vm } = await this.pages.page(scope, parsed.criteria, parsed.ok ? {} : parsed.errors, parseSortAndCursor(query));
    res.status(status).render('scp/search', { ...vm, layout: SCP_LAYOUT });
  }

  @Post('queues')
  async save(@CurrentAgent() scope: AgentScope, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = parseCriteria(pickCriteria(body));
    const form = parseForm(SaveQueueDto, body);
    const columns = (form.ok ? form.value.columns : []) as QueueColumn[];
    const [key, dir] = (form.ok ? form.value.sort : 'created:desc').split(':');
    const sort: QueueSort = { key: key as SortKey, dir: dir === 'asc' ? 'asc' : 'desc' };
    const typed = { name: typeof body.name === 'string' ? body.name.slice(0, 64) : '', columns: columns.length > 0 ? columns : DEFAULT_COLUMNS, sort, isShared: form.ok && form.value.isShared };
    const fail = async (errors: Record<string, string>, status = 422) => {
      const { vm } = await this.pages.page(scope, parsed.criteria, parsed.ok ? {} : parsed.errors, { sort: null, cursor: null }, { ...typed, errors });
      res.status(status).render('scp/search', { ...vm, layout: SCP_LAYOUT });
    };
    if (!form.ok) return fail(form.errors);
    if (!parsed.ok) return fail({ name: 'Fix the search before saving it.' });
    try {
      const queue = await this.saved.create(scope, { name: form.value.name, isShared: form.value.isShared, criteria: parsed.criteria, columns: typed.columns, sort }, req.ip);
      req.flash?.('success', `Saved the queue "${queue.name}".`);
      res.redirect(303, this.presenter.url(`/scp/tickets?queue=q${queue.id}`));
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'not_found') return fail(Object.keys(err.fields).length > 0 ? err.fields : { isShared: err.message }, err.status);
      throw err;
    }
  }

  @Post('queues/:id/delete')
  async remove(@CurrentAgent() scope: AgentScope, @IdParam() id: number, @Req() req: AppRequest, @Res() res: Response): Promise<void> {
    try {
      const queue = await this.saved.delete(scope, id, req.ip);
      req.flash?.('success', `Deleted the queue "${queue.name}".`);
      res.redirect(303, this.presenter.url('/scp/tickets?queue=open'));
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'forbidden') throw err;
      req.flash?.('error', err.message);
      res.redirect(303, this.presenter.url(`/scp/tickets?queue=q${id}`));
    }
  }
}
