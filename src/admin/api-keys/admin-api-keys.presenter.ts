import { Injectable } from '@nestjs/common';
import { API_SCOPES, ApiKey, ApiScope } from '../../api-keys/api-keys.entities';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { adminPage } from '../admin-nav';

/** What each scope lets a program do, for the form and the list. */
export const SCOPE_LABELS: Record<ApiScope, string> = {
  'tickets.create': 'Open tickets',
  'tickets.email': 'Deliver inbound email (mail pipe)',
  'tickets.read': 'Read tickets by number',
};

export interface ApiKeyFormValues {
  name: string;
  scopes: string[];
  ipAllowlist: string;
}

export interface ApiKeyRowVM {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  allowlist: string[];
  createdAt: string;
  lastUsedAt: string | null;
  isRevoked: boolean;
  revokedAt: string | null;
  revokeUrl: string;
  revokeConfirm: string;
}

/** View-models of the API keys pages. The key itself appears in exactly one: the page right after it is made. */
@Injectable()
export class AdminApiKeysPresenter {
  constructor(private readonly config: AppConfig) {}

  private url(path: string): string {
    return `${this.config.basePath}/scp/admin/api-keys${path}`;
  }

  listUrl(): string {
    return this.url('');
  }

  list(keys: ApiKey[], q = '') {
    return {
      ...adminPage('api-keys', this.config.basePath, 'API Keys'),
      q,
      newUrl: this.url('/new'),
      keys: keys.map((key): ApiKeyRowVM => ({
        id: key.id,
        name: key.name,
        prefix: `${key.keyPrefix}…`,
        scopes: key.scopes,
        allowlist: key.ipAllowlist,
        createdAt: key.createdAt.toISOString(),
        lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
        isRevoked: key.revokedAt !== null,
        revokedAt: key.revokedAt?.toISOString() ?? null,
        revokeUrl: this.url(`/${key.id}/revoke`),
        revokeConfirm: `Revoke the API key “${key.name}”? Programs using it are refused from now on.`,
      })),
    };
  }

  form(values: ApiKeyFormValues, errors: FormErrors = {}) {
    return {
      ...adminPage('api-keys', this.config.basePath, 'New API key'),
      action: this.listUrl(),
      listUrl: this.listUrl(),
      form: { values, errors },
      scopes: API_SCOPES.map((scope) => ({ value: scope, label: SCOPE_LABELS[scope], id: `key-scope-${scope.replace('.', '-')}`, checked: values.scopes.includes(scope) })),
    };
  }

  created(key: ApiKey, plainKey: string) {
    return {
      ...adminPage('api-keys', this.config.basePath, 'API key created'),
      listUrl: this.listUrl(),
      key: { name: key.name, scopes: key.scopes, allowlist: key.ipAllowlist },
      plainKey,
    };
  }
}

/** The typed values to put back in the form after a refusal: strings only, scopes as a list. */
export function typedApiKeyValues(body: Record<string, unknown>): ApiKeyFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const scopes = Array.isArray(body.scopes) ? body.scopes : body.scopes === undefined ? [] : [body.scopes];
  return { name: text(body.name), scopes: scopes.filter((s): s is string => typeof s === 'string'), ipAllowlist: text(body.ipAllowlist) };
}
