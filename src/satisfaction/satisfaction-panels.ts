import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Ticket } from '../tickets/ticket.entity';
import { SatisfactionRating } from './satisfaction.entities';
import { MAX_RATING_COMMENT_CHARS, SatisfactionService } from './satisfaction.service';

/** What views/partials/portal/satisfaction.hbs shows on a portal ticket page. */
export interface PortalSatisfactionVM {
  canRate: boolean;
  action: string;
  maxComment: number;
  rated: { good: boolean; comment: string | null; createdAt: Date } | null;
}

/** What views/partials/scp/satisfaction.hbs shows beside a staff ticket. */
export interface StaffSatisfactionVM {
  ratings: { good: boolean; comment: string | null; createdAt: Date; resolvedAt: Date; source: string }[];
}

/** The satisfaction panels of the portal and staff ticket pages (one call each from their controllers). */
@Injectable()
export class SatisfactionPanels {
  constructor(
    private readonly satisfaction: SatisfactionService,
    private readonly config: AppConfig,
  ) {}

  /** For a ticket the visitor may see (the caller checked): the rating form, or the rating given. */
  async forPortal(ticket: Ticket): Promise<PortalSatisfactionVM | null> {
    const state = await this.satisfaction.state(ticket);
    if (state.kind === 'not_resolved') return null;
    return {
      canRate: state.kind === 'open',
      action: `${this.config.basePath}/tickets/${encodeURIComponent(ticket.number)}/rating`,
      maxComment: MAX_RATING_COMMENT_CHARS,
      rated: state.kind === 'rated' ? view(state.rating) : null,
    };
  }

  /** For a ticket the agent may see (the caller checked): every rating, newest first. */
  async forStaff(ticketId: number): Promise<StaffSatisfactionVM> {
    const ratings = await this.satisfaction.history(ticketId);
    return { ratings: ratings.map((r) => ({ ...view(r), resolvedAt: r.resolvedAt, source: r.source === 'mail' ? 'mail link' : 'portal' })) };
  }
}

const view = (r: SatisfactionRating) => ({ good: r.rating === 'good', comment: r.comment, createdAt: r.createdAt });
