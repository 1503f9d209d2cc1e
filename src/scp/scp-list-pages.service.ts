import { Injectable } from '@nestjs/common';
import { AgentPreferencesService } from '../preferences/agent-preferences.service';
import { CustomQueue, SavedQueuesService } from '../search/saved-queues.service';
import { TeamOptionsService } from '../search/team-options.service';
import { AgentScope } from '../tickets/ticket-access';
import { TicketCriteria } from '../tickets/ticket-criteria';
import { DEFAULT_COLUMNS, DEFAULT_SORT, QUEUE_KEYS, QUEUE_NAMES, QueueCursor, QueueSort } from '../tickets/ticket-queue-rules';
import { TicketListSource, TicketQueuesService } from '../tickets/ticket-queues.service';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { QueueQuery } from './dto/queue-query';
import { BULK_MAX } from './dto/bulk-action.dto';
import { criteriaQuery, EMPTY_MESSAGES, listPage, options, QueueCounts } from './scp-list.presenter';
import { ScpPresenter } from './scp.presenter';
import { BulkFormVM, ScpQueueVM } from './scp.view-models';

/** A resolved list: what to show, in which order, and how the page names it. */
export interface ResolvedList {
  source: TicketListSource;
  key: string;
  title: string;
  ownSort: QueueSort;
  custom: CustomQueue | null;
}

/**
 * Gathers the staff ticket lists' pages (queues, custom queues, search results) and the queue counts
 * every staff page shows. Reads only; access is applied by TicketQueuesService on every list and count.
 */
@Injectable()
export class ScpListPages {
  constructor(
    private readonly queues: TicketQueuesService,
    private readonly saved: SavedQueuesService,
    private readonly prefs: AgentPreferencesService,
    private readonly options: TicketOptionsService,
    private readonly teams: TeamOptionsService,
    private readonly presenter: ScpPresenter,
  ) {}

  /** Every queue's capped count: the built-in ones and the agent's custom queues (dates in `timezone`, else the agent's). */
  async counts(scope: AgentScope, timezone?: string): Promise<QueueCounts> {
    const [builtin, custom, zone] = await Promise.all([
      this.queues.counts(scope), this.saved.visible(scope), timezone ?? this.prefs.effective(scope.staffId).then((p) => p.timezone),
    ]);
    const customCounts = await Promise.all(custom.map(async (q) => ({
      id: q.id, name: q.name, count: await this.queues.count(scope, { kind: 'criteria', criteria: q.criteria }, zone),
    })));
    return { builtin, custom: customCounts };
  }

  /** A queue (built-in or custom) as the URL names it; 404 for a custom queue the agent may not use. */
  async resolve(scope: AgentScope, ref: QueueQuery['ref']): Promise<ResolvedList> {
    if (ref.kind === 'builtin') return { source: { kind: 'queue', key: ref.key }, key: ref.key, title: QUEUE_NAMES[ref.key], ownSort: DEFAULT_SORT, custom: null };
    const custom = await this.saved.get(scope, ref.id);
    return { source: { kind: 'criteria', criteria: custom.criteria }, key: `q${custom.id}`, title: custom.name, ownSort: custom.sort, custom };
  }

  async queue(scope: AgentScope, query: QueueQuery): Promise<ScpQueueVM> {
    const list = await this.resolve(scope, query.ref);
    const base = this.presenter.url(`/scp/tickets?queue=${list.key}`);
    const exportUrl = this.presenter.url(`/scp/export?queue=${list.key}`);
    const emptyMessage = query.ref.kind === 'builtin' ? EMPTY_MESSAGES[query.ref.key] : 'No tickets match this queue.';
    return this.list(scope, list, { sort: query.sort, cursor: query.cursor }, { base, exportUrl, emptyMessage });
  }

  /** Search results for criteria the caller already validated. */
  async results(scope: AgentScope, criteria: TicketCriteria, paging: { sort: QueueSort | null; cursor: QueueCursor | null }): Promise<ScpQueueVM> {
    const query = criteriaQuery(criteria);
    const list: ResolvedList = { source: { kind: 'criteria', criteria }, key: 'search', title: 'Search results', ownSort: DEFAULT_SORT, custom: null };
    return this.list(scope, list, paging, {
      base: this.presenter.url(`/scp/search${query}`), exportUrl: this.presenter.url(`/scp/export/search${query}`), emptyMessage: 'No tickets match your search.',
    });
  }

  private async list(
    scope: AgentScope, list: ResolvedList, paging: { sort: QueueSort | null; cursor: QueueCursor | null }, urls: { base: string; exportUrl: string; emptyMessage: string },
  ): Promise<ScpQueueVM> {
    const prefs = await this.prefs.effective(scope.staffId);
    const sort = paging.sort ?? list.ownSort;
    const [page, counts, bulk] = await Promise.all([
      this.queues.page(scope, { source: list.source, sort, cursor: paging.cursor, pageSize: prefs.pageSize, timezone: prefs.timezone }),
      this.counts(scope, prefs.timezone),
      this.bulkForm(urls.base),
    ]);
    const canDelete = list.custom !== null && (list.custom.isShared ? scope.isAdmin : list.custom.ownerId === scope.staffId);
    return listPage(
      {
        title: list.title, key: list.key, baseUrl: urls.base, exportUrl: urls.exportUrl, sort, ownSort: list.ownSort, cursor: paging.cursor, next: page.next,
        columns: list.custom?.columns ?? DEFAULT_COLUMNS, emptyMessage: urls.emptyMessage, bulk, custom: list.custom, canDelete,
        deleteAction: list.custom ? this.presenter.url(`/scp/queues/${list.custom.id}/delete`) : null,
      },
      page.tickets.map((t) => this.presenter.row(t)),
      this.presenter.nav(counts, list.key),
    );
  }

  /** The bulk form's choices; `returnTo` is where the results flash shows. */
  async bulkForm(returnTo: string): Promise<BulkFormVM> {
    const [agents, teams, departments, statuses, priorities] = await Promise.all([
      this.options.listAgents(), this.teams.list(), this.options.listDepartments(), this.options.listStatuses(), this.options.listPriorities(),
    ]);
    return {
      action: this.presenter.url('/scp/bulk'), returnTo, max: BULK_MAX,
      agents: options(agents), teams: options(teams), departments: options(departments), statuses: options(statuses), priorities: options(priorities),
    };
  }

  /** The landing queue of /scp for this agent. */
  landingQueue(scope: AgentScope): Promise<string> {
    return this.prefs.landingQueue(scope);
  }

  /** The queues an agent may choose as their landing page (built-in and their usable custom ones). */
  async landingChoices(scope: AgentScope): Promise<{ value: string; name: string }[]> {
    const custom = await this.saved.visible(scope);
    return [...QUEUE_KEYS.map((key) => ({ value: key, name: QUEUE_NAMES[key] })), ...custom.map((q) => ({ value: `q${q.id}`, name: q.name }))];
  }
}
