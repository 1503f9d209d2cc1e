import { Injectable } from '@nestjs/common';
import { AgentScope } from '../../tickets/ticket-access';
import { KbTicketSuggestionsService } from '../kb-ticket-suggestions.service';
import { KbPresenter } from './kb.presenter';

/** The view-model of views/partials/scp/kb-suggestions.hbs for one ticket the agent may see. */
@Injectable()
export class KbTicketPanel {
  constructor(
    private readonly suggestions: KbTicketSuggestionsService,
    private readonly presenter: KbPresenter,
  ) {}

  async forTicket(scope: AgentScope, ticketId: number) {
    const { articles, tickets } = await this.suggestions.forTicket(scope, ticketId);
    return {
      articles: articles.map((a) => ({
        id: a.id, title: a.title, url: this.presenter.url(`/scp/kb/articles/${a.id}`), portalUrl: a.isPublic ? this.presenter.absoluteArticleUrl(a.id) : null,
      })),
      tickets: tickets.map((t) => ({ number: t.number, subject: t.subject, state: t.state, url: this.presenter.url(`/scp/tickets/${t.id}`) })),
    };
  }
}
