import { Injectable } from '@nestjs/common';
import { BanPage } from '../../abuse/ban-list.service';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { adminPage } from '../admin-nav';

export interface BanFormValues {
  value: string;
  note: string;
}

/** View-models of /scp/admin/ban-list (views/admin/ban-list/index.hbs). */
@Injectable()
export class AdminBanListPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/ban-list${path}`;
  }

  page(list: BanPage, q: string, values: BanFormValues = { value: '', note: '' }, errors: FormErrors = {}) {
    const next = list.nextBefore ? `${this.url()}?${new URLSearchParams({ ...(q ? { q } : {}), before: String(list.nextBefore) })}` : null;
    return {
      ...adminPage('ban-list', this.config.basePath, 'Ban List'),
      q,
      action: this.url(),
      form: { values, errors },
      nextUrl: next,
      entries: list.rows.map((row) => ({
        id: row.id,
        value: row.value,
        kindLabel: row.kind === 'domain' ? 'Domain' : 'Email address',
        note: row.note,
        createdAt: row.createdAt.toISOString(),
        removeUrl: this.url(`/${row.id}/remove`),
        removeConfirm: `Remove ${row.value} from the ban list? Mail and forms from it are accepted again.`,
      })),
    };
  }
}

export function typedBanValues(body: unknown): BanFormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { value: text(b.value), note: text(b.note) };
}
