import { Injectable } from '@nestjs/common';
import { FormErrors } from '../common/view-models';
import type { Organization } from '../organizations/organization.entity';
import { storedDomains } from '../organizations/organization-domains';
import type { MemberPage, OrganizationPage } from '../organizations/organizations.service';
import { SCP_LAYOUT, ScpPresenter } from './scp.presenter';

export interface OrganizationFormValues {
  name: string;
  domains: string;
  sharing: string;
  notes: string;
}

const SHARING_LABELS: Record<string, string> = {
  none: 'Members see only their own tickets',
  all: 'Members see every ticket of the organization',
};

/** View-models of /scp/organizations (views/scp/organizations/*). */
@Injectable()
export class ScpOrganizationsPresenter {
  constructor(private readonly scp: ScpPresenter) {}

  listUrl(): string {
    return this.scp.url('/scp/organizations');
  }

  editUrl(id: number): string {
    return this.scp.url(`/scp/organizations/${id}`);
  }

  list(page: OrganizationPage, term: string, after: string | null) {
    const query = (extra: Record<string, string>) => `${this.listUrl()}?${new URLSearchParams({ ...(term ? { q: term } : {}), ...extra }).toString()}`;
    return {
      title: 'Organizations',
      layout: SCP_LAYOUT,
      q: term,
      newUrl: this.scp.url('/scp/organizations/new'),
      clearUrl: term ? this.listUrl() : null,
      rows: page.rows.map((o) => ({ id: o.id, name: o.name, domains: storedDomains(o.domains).join(', '), sharing: SHARING_LABELS[o.sharing], url: this.editUrl(o.id) })),
      nextUrl: page.nextAfter === null ? null : query({ after: page.nextAfter }),
      firstUrl: after === null ? null : query({}),
      emptyText: term ? `No organization's name starts with “${term}”.` : 'No organizations yet. Add one to group users of a company.',
    };
  }

  values(org: Organization | null): OrganizationFormValues {
    return org
      ? { name: org.name, domains: storedDomains(org.domains).join(', '), sharing: org.sharing, notes: org.notes ?? '' }
      : { name: '', domains: '', sharing: 'none', notes: '' };
  }

  submitted(body: Record<string, unknown>): OrganizationFormValues {
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    return { name: text('name'), domains: text('domains'), sharing: text('sharing'), notes: text('notes') };
  }

  /** The new/edit page; on edit also the members (paged) and the delete button. */
  form(org: Organization | null, values: OrganizationFormValues, errors: FormErrors, members?: { page: MemberPage; after: number | null; email: string; error?: string }) {
    return {
      title: org ? org.name : 'New organization',
      layout: SCP_LAYOUT,
      isNew: !org,
      action: org ? this.editUrl(org.id) : this.listUrl(),
      listUrl: this.listUrl(),
      form: { values, errors },
      sharingOptions: Object.entries(SHARING_LABELS).map(([value, label]) => ({ value, label, checked: value === values.sharing })),
      organization: org ? {
        id: org.id, name: org.name,
        deleteUrl: this.scp.url(`/scp/organizations/${org.id}/delete`),
        addMemberUrl: this.scp.url(`/scp/organizations/${org.id}/members`),
      } : null,
      members: org && members ? {
        rows: members.page.members.map((u) => ({
          name: u.name, email: u.email, url: this.scp.url(`/scp/users/${u.id}`),
          removeUrl: this.scp.url(`/scp/organizations/${org.id}/members/${u.id}/remove`),
        })),
        nextUrl: members.page.nextAfter === null ? null : `${this.editUrl(org.id)}?after=${members.page.nextAfter}`,
        firstUrl: members.after === null ? null : this.editUrl(org.id),
        form: { values: { email: members.email }, errors: members.error ? { email: members.error } : {} },
      } : null,
    };
  }
}
