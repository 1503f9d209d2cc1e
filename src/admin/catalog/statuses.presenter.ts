import { Injectable } from '@nestjs/common';
import { FormErrors, FormState } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import type { TicketStatus } from '../../tickets/ticket-status.entity';
import { StatusListItem, STATUS_STATES } from '../../tickets/ticket-statuses-admin.service';
import { adminPage } from '../admin-nav';
import { checkedOf, Submitted, textOf } from './catalog-forms';

export interface StatusFormValues {
  name: string;
  state: string;
  isReopenable: boolean;
  pausesSla: boolean;
  isDefault: boolean;
  sort: string;
}

const STATE_LABELS: Record<string, string> = { open: 'Open', closed: 'Closed', archived: 'Archived', deleted: 'Deleted' };

/** Builds the ticket statuses admin pages' view-models. */
@Injectable()
export class StatusesPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/statuses`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;
  /** Where a disable/enable button returns: the list when it was pressed there (`from=list`), else the status's page. */
  backUrl = (from: unknown, id: number) => (from === 'list' ? this.listUrl() : this.editUrl(id));

  list(items: StatusListItem[], q: string) {
    return {
      ...adminPage('statuses', this.config.basePath, 'Ticket Statuses'),
      q,
      newUrl: `${this.listUrl()}/new`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No status matches “${q}”.` : 'No statuses yet.',
      rows: items.map(({ status: s, tickets }) => ({
        id: s.id, name: s.name, editUrl: this.editUrl(s.id), state: s.state, stateLabel: STATE_LABELS[s.state] ?? s.state,
        isReopenable: s.isReopenable, pausesSla: s.pausesSla, isDefault: s.isDefault, sort: s.sort, tickets,
        isActive: s.isActive, disableUrl: `${this.editUrl(s.id)}/disable`, enableUrl: `${this.editUrl(s.id)}/enable`,
      })),
    };
  }

  /** The new-status form (item null) or a status's page. */
  form(item: StatusListItem | null, form: FormState<StatusFormValues>) {
    const s = item?.status;
    return {
      ...adminPage('statuses', this.config.basePath, s ? `Status: ${s.name}` : 'New status'),
      isNew: !s,
      action: s ? this.editUrl(s.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form,
      states: STATUS_STATES.map((state) => ({ id: state, name: STATE_LABELS[state], selected: false })),
      status: item && s ? {
        id: s.id, name: s.name, isDefault: s.isDefault, isActive: s.isActive, tickets: item.tickets, deleteUrl: `${this.editUrl(s.id)}/delete`,
        disableUrl: `${this.editUrl(s.id)}/disable`, enableUrl: `${this.editUrl(s.id)}/enable`,
      } : null,
    };
  }

  values(s: TicketStatus | null, nextSort = 0): FormState<StatusFormValues> {
    return {
      values: {
        name: s?.name ?? '', state: s?.state ?? 'open', isReopenable: s?.isReopenable ?? false, pausesSla: s?.pausesSla ?? false,
        isDefault: s?.isDefault ?? false, sort: String(s?.sort ?? nextSort),
      },
      errors: {},
    };
  }

  submitted(body: Submitted, errors: FormErrors): FormState<StatusFormValues> {
    return {
      values: {
        name: textOf(body, 'name'), state: textOf(body, 'state'), isReopenable: checkedOf(body, 'isReopenable'), pausesSla: checkedOf(body, 'pausesSla'),
        isDefault: checkedOf(body, 'isDefault'), sort: textOf(body, 'sort'),
      },
      errors,
    };
  }
}
