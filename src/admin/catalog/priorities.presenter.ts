import { Injectable } from '@nestjs/common';
import { FormErrors, FormState } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { PriorityListItem } from '../../tickets/priorities-admin.service';
import { Priority, PRIORITY_COLORS } from '../../tickets/priority.entity';
import { adminPage } from '../admin-nav';
import { checkedOf, Submitted, textOf } from './catalog-forms';

export interface PriorityFormValues {
  name: string;
  color: string;
  urgency: string;
  isDefault: boolean;
}

/** The palette's names, as the colour picker shows them. */
const COLOR_LABELS: Record<string, string> = {
  low: 'Pale blue', normal: 'Grey-blue', high: 'Orange', emergency: 'Red', blue: 'Blue', green: 'Green', purple: 'Purple', grey: 'Grey',
};

/** Builds the priorities admin pages' view-models. */
@Injectable()
export class PrioritiesPresenter {
  private readonly base: string;

  constructor(private readonly config: AppConfig) {
    this.base = config.basePath.replace(/\/+$/, '');
  }

  listUrl = () => `${this.base}/scp/admin/priorities`;
  editUrl = (id: number) => `${this.listUrl()}/${id}`;
  /** Where a disable/enable button returns: the list when it was pressed there (`from=list`), else the priority's page. */
  backUrl = (from: unknown, id: number) => (from === 'list' ? this.listUrl() : this.editUrl(id));

  list(items: PriorityListItem[], q: string) {
    return {
      ...adminPage('priorities', this.config.basePath, 'Priorities'),
      q,
      newUrl: `${this.listUrl()}/new`,
      clearUrl: q ? this.listUrl() : null,
      emptyText: q ? `No priority matches “${q}”.` : 'No priorities yet.',
      rows: items.map(({ priority: p, tickets, helpTopics }) => ({
        id: p.id, name: p.name, editUrl: this.editUrl(p.id), priorityClass: `priority-${p.cssClass}`, urgency: p.urgency,
        isDefault: p.isDefault, tickets, helpTopics,
        isActive: p.isActive, disableUrl: `${this.editUrl(p.id)}/disable`, enableUrl: `${this.editUrl(p.id)}/enable`,
      })),
    };
  }

  /** The new-priority form (item null) or a priority's page, with the palette as swatches. */
  form(item: PriorityListItem | null, form: FormState<PriorityFormValues>) {
    const p = item?.priority;
    return {
      ...adminPage('priorities', this.config.basePath, p ? `Priority: ${p.name}` : 'New priority'),
      isNew: !p,
      action: p ? this.editUrl(p.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form,
      colors: PRIORITY_COLORS.map((color) => ({
        value: color, label: COLOR_LABELS[color], fieldId: `priority-color-${color}`, priorityClass: `priority-${color}`, checked: form.values.color === color,
      })),
      priority: item && p ? {
        id: p.id, name: p.name, isDefault: p.isDefault, isActive: p.isActive, tickets: item.tickets, helpTopics: item.helpTopics,
        deleteUrl: `${this.editUrl(p.id)}/delete`, disableUrl: `${this.editUrl(p.id)}/disable`, enableUrl: `${this.editUrl(p.id)}/enable`,
      } : null,
    };
  }

  values(p: Priority | null): FormState<PriorityFormValues> {
    return {
      values: { name: p?.name ?? '', color: p?.cssClass ?? 'blue', urgency: p ? String(p.urgency) : '', isDefault: p?.isDefault ?? false },
      errors: {},
    };
  }

  submitted(body: Submitted, errors: FormErrors): FormState<PriorityFormValues> {
    return {
      values: { name: textOf(body, 'name'), color: textOf(body, 'color'), urgency: textOf(body, 'urgency'), isDefault: checkedOf(body, 'isDefault') },
      errors,
    };
  }
}
