import { Injectable } from '@nestjs/common';
import { isSearchable, parseSearchText } from '../search/search-text';
import { TeamOptionsService } from '../search/team-options.service';
import { AgentScope } from '../tickets/ticket-access';
import { criteriaParams, EMPTY_CRITERIA, hasCriteria, TicketCriteria } from '../tickets/ticket-criteria';
import { DEFAULT_COLUMNS, DEFAULT_SORT, QueueColumn, QueueCursor, QueueSort } from '../tickets/ticket-queue-rules';
import { TICKET_SOURCES } from '../tickets/ticket.entity';
import { TicketOptionsService } from '../tickets/ticket-options.service';
import { ScpListPages } from './scp-list-pages.service';
import { columnChoices, options, sortChoices } from './scp-list.presenter';
import { ScpPresenter } from './scp.presenter';
import { ScpQueueVM, ScpSearchVM } from './scp.view-models';

export const UNSEARCHABLE = 'Type a ticket number, an email address, a name, or words of at least 3 letters or digits.';

/** What a failed "save as queue" keeps: the typed name, choices and the messages. */
export interface SaveState {
  name: string;
  columns: QueueColumn[];
  sort: QueueSort;
  isShared: boolean;
  errors: Record<string, string>;
}

/** The search page: the advanced form (filled with the criteria), then the results and "save as queue". */
@Injectable()
export class ScpSearchPages {
  constructor(
    private readonly lists: ScpListPages,
    private readonly options: TicketOptionsService,
    private readonly teams: TeamOptionsService,
    private readonly presenter: ScpPresenter,
  ) {}

  /**
   * The page for criteria read from the URL. `errors` are the criteria's own messages (the form shows
   * them and no results); text that holds nothing to search for gets one notice, never a query.
   */
  async page(
    scope: AgentScope, criteria: TicketCriteria, errors: Record<string, string>,
    paging: { sort: QueueSort | null; cursor: QueueCursor | null }, save?: SaveState,
  ): Promise<{ status: number; vm: ScpSearchVM }> {
    const asked = hasCriteria(criteria);
    let notice: string | null = null;
    let status = Object.keys(errors).length > 0 ? 400 : 200;
    if (status === 200 && criteria.q && !isSearchable(parseSearchText(criteria.q))) {
      notice = UNSEARCHABLE;
      status = 400;
    }
    const searched = asked && status === 200;
    const results: ScpQueueVM = searched
      ? await this.lists.results(scope, criteria, paging)
      : await this.emptyResults(scope);
    const vm: ScpSearchVM = {
      ...results,
      title: 'Search tickets',
      queue: { key: 'search', name: 'Search results', isCustom: false, deleteAction: null, isShared: false },
      form: { values: formValues(criteria), errors: { ...errors, ...(notice ? { q: notice } : {}) } },
      options: await this.formOptions(),
      searched,
      notice,
      save: searched || save ? this.saveForm(scope, criteria, paging.sort ?? DEFAULT_SORT, save) : null,
    };
    return { status: save ? 422 : status, vm };
  }

  private async emptyResults(scope: AgentScope): Promise<ScpQueueVM> {
    const counts = await this.lists.counts(scope);
    return {
      title: 'Search tickets', nav: this.presenter.nav(counts, null),
      queue: { key: 'search', name: 'Search results', isCustom: false, deleteAction: null, isShared: false },
      columns: [], show: {}, rows: [], nextUrl: null, firstUrl: null, emptyMessage: '', exportUrl: '',
      bulk: await this.lists.bulkForm(this.presenter.url('/scp/search')),
    };
  }

  private saveForm(scope: AgentScope, criteria: TicketCriteria, sort: QueueSort, save?: SaveState): ScpSearchVM['save'] {
    return {
      action: this.presenter.url('/scp/queues'),
      hidden: criteriaParams(criteria).map(([name, value]) => ({ name, value })),
      columns: columnChoices(save?.columns ?? DEFAULT_COLUMNS),
      sorts: sortChoices(save?.sort ?? sort),
      canShare: scope.isAdmin,
      errors: save?.errors ?? {},
      name: save?.name ?? '',
    };
  }

  private async formOptions(): Promise<ScpSearchVM['options']> {
    const [statuses, departments, topics, priorities, agents, teams, slaPlans] = await Promise.all([
      this.options.listStatuses(), this.options.listDepartments(), this.options.listTopics('agent'), this.options.listPriorities(),
      this.options.listAgents(), this.teams.list(), this.options.listSlaPlans(),
    ]);
    return {
      statuses: options(statuses), departments: options(departments), topics: options(topics.map((t) => ({ id: t.id, name: t.fullName }))),
      priorities: options(priorities), agents: options(agents), teams: options(teams), slaPlans: options(slaPlans),
      sources: TICKET_SOURCES.map((s) => ({ id: s, name: s.charAt(0).toUpperCase() + s.slice(1) })),
    };
  }
}

/** The criteria as the form's field values (strings; '' for any). */
function formValues(criteria: TicketCriteria): Record<string, string> {
  return Object.fromEntries(Object.keys(EMPTY_CRITERIA).map((k) => {
    const v = criteria[k as keyof TicketCriteria];
    return [k, v === null ? '' : String(v)];
  }));
}
