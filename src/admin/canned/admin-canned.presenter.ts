import { Injectable } from '@nestjs/common';
import { CANNED_VARIABLES } from '../../canned/canned-render';
import { CannedResponse, CannedResponseFile } from '../../canned/canned.entities';
import { formatSize } from '../../common/format-size';
import { CannedFilter } from '../../canned/canned.service';
import { Department } from '../../departments/department.entity';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { adminPage } from '../admin-nav';

export interface CannedFormValues {
  title: string;
  departmentId: string;
  body: string;
  isActive: boolean;
}

const EXCERPT_CHARS = 140;

/** View-models of the canned responses pages. */
@Injectable()
export class AdminCannedPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/canned${path}`;
  }

  list(responses: CannedResponse[], departments: Department[], filter: CannedFilter, limit: number) {
    const filtered = filter.department !== 'all' || filter.q !== '';
    return {
      ...adminPage('canned', this.config.basePath, 'Canned Responses'),
      newUrl: this.url('/new'),
      listUrl: this.url(),
      filter: {
        q: filter.q,
        department: String(filter.department),
        options: [
          { value: 'all', name: 'All departments and global', selected: filter.department === 'all' },
          { value: 'global', name: 'Global only', selected: filter.department === 'global' },
          ...departments.map((d) => ({ value: String(d.id), name: d.name, selected: filter.department === d.id })),
        ],
      },
      isFiltered: filtered,
      atLimit: responses.length >= limit,
      limit,
      responses: responses.map((c) => ({
        id: c.id,
        title: c.title,
        departmentName: c.department?.name ?? null,
        isActive: c.isActive,
        excerpt: c.body.length > EXCERPT_CHARS ? `${c.body.slice(0, EXCERPT_CHARS)}…` : c.body,
        updatedAt: c.updatedAt.toISOString(),
        editUrl: this.url(`/${c.id}`),
      })),
    };
  }

  form(departments: Department[], values: CannedFormValues, errors: FormErrors = {}, existing: CannedResponse | null = null, files: CannedResponseFile[] = [], fileError?: string) {
    return {
      ...adminPage('canned', this.config.basePath, existing ? `Edit “${existing.title}”` : 'New canned response'),
      heading: existing ? 'Edit canned response' : 'New canned response',
      action: existing ? this.url(`/${existing.id}`) : this.url(),
      listUrl: this.url(),
      submitLabel: existing ? 'Save changes' : 'Create response',
      form: { values, errors },
      departments: departments.map((d) => ({ id: d.id, name: d.isActive ? d.name : `${d.name} (disabled)`, selected: false })),
      variables: Object.entries(CANNED_VARIABLES).map(([name, description]) => ({ placeholder: `%{${name}}`, description })),
      delete: existing ? { url: this.url(`/${existing.id}/delete`), confirm: `Delete the canned response “${existing.title}”?` } : null,
      files: existing ? {
        uploadUrl: this.url(`/${existing.id}/files`),
        error: fileError ?? null,
        list: files.map((f) => ({ name: f.fileName, sizeLabel: formatSize(f.size), removeUrl: this.url(`/${existing.id}/files/${f.id}/delete`) })),
      } : null,
    };
  }

  values(response: CannedResponse): CannedFormValues {
    return { title: response.title, departmentId: response.departmentId ? String(response.departmentId) : '', body: response.body, isActive: response.isActive };
  }
}

/** What was typed, to put back in the form after a refusal. */
export function typedCannedValues(body: Record<string, unknown>): CannedFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const active = Array.isArray(body.isActive) ? body.isActive[body.isActive.length - 1] : body.isActive;
  return { title: text(body.title), departmentId: text(body.departmentId), body: text(body.body), isActive: active === '1' };
}
