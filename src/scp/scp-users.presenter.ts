import { Injectable } from '@nestjs/common';
import { FormErrors } from '../common/view-models';
import type { User } from '../users/user.entity';
import type { UserPage, UserTicketPage } from '../users/user-directory.service';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

export interface UserFormValues {
  email: string;
  name: string;
  phone: string;
}

const SEARCHED: Record<string, string> = { email: 'email addresses', phone: 'phone numbers', name: 'names' };

/** View-models of /scp/users (views/scp/users/*) and the lookup's JSON. */
@Injectable()
export class ScpUsersPresenter {
  constructor(private readonly scp: ScpPresenter) {}

  listUrl(): string {
    return this.scp.url('/scp/users');
  }

  userUrl(id: number): string {
    return this.scp.url(`/scp/users/${id}`);
  }

  list(page: UserPage, term: string, paged: boolean) {
    const params = (extra: Record<string, string>) => new URLSearchParams({ ...(term ? { q: term } : {}), ...extra }).toString();
    return {
      title: 'Users',
      layout: SCP_LAYOUT,
      q: term,
      newUrl: this.scp.url('/scp/users/new'),
      clearUrl: term ? this.listUrl() : null,
      searched: page.column ? SEARCHED[page.column] : null,
      rows: page.users.map((u) => ({
        name: u.name, email: u.email, phone: u.phone, url: this.userUrl(u.id),
        organization: u.organization ? { name: u.organization.name, url: this.scp.url(`/scp/organizations/${u.organization.id}`) } : null,
      })),
      nextUrl: page.next ? `${this.listUrl()}?${params(page.column ? { after: page.next.value, afterId: String(page.next.id) } : { afterId: String(page.next.id) })}` : null,
      firstUrl: paged ? `${this.listUrl()}${term ? `?${params({})}` : ''}` : null,
      emptyText: term ? `No user's ${page.column === 'name' ? 'name' : page.column} starts with “${term}”.` : 'No users yet.',
    };
  }

  values(user: User | null): UserFormValues {
    return { email: user?.email ?? '', name: user?.name ?? '', phone: user?.phone ?? '' };
  }

  submitted(body: Record<string, unknown>): UserFormValues {
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    return { email: text('email'), name: text('name'), phone: text('phone') };
  }

  newForm(values: UserFormValues, errors: FormErrors) {
    return { title: 'New user', layout: SCP_LAYOUT, action: this.listUrl(), listUrl: this.listUrl(), form: { values, errors } };
  }

  /** The user page: contact details (with their edit form) and the tickets the agent may see. */
  user(user: User, tickets: UserTicketPage, before: number | null, values: UserFormValues, errors: FormErrors) {
    const url = this.userUrl(user.id);
    return {
      title: user.name,
      layout: SCP_LAYOUT,
      listUrl: this.listUrl(),
      user: {
        id: user.id, name: user.name, email: user.email, phone: user.phone, createdAt: user.createdAt.toISOString(),
        organization: user.organization ? { name: user.organization.name, url: this.scp.url(`/scp/organizations/${user.organization.id}`) } : null,
        newTicketUrl: this.scp.url(`/scp/tickets/new?userId=${user.id}`),
      },
      tickets: tickets.tickets.map((t) => ({
        number: t.number, subject: t.subject, url: this.scp.ticketUrl(t.id), statusName: t.status.name, departmentName: t.department.name,
        priorityName: t.priority.name, createdAt: t.createdAt.toISOString(),
      })),
      nextUrl: tickets.nextBefore === null ? null : `${url}?before=${tickets.nextBefore}`,
      firstUrl: before === null ? null : url,
      form: { action: url, isOpen: Object.keys(errors).length > 0, values, errors },
    };
  }

  /** The lookup's answer: contact details only, never tickets (SECURITY 2). */
  lookup(users: User[]) {
    return { users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, phone: u.phone })) };
  }
}
