import { Injectable } from '@nestjs/common';
import { FormErrors } from '../../common/view-models';
import { AppConfig } from '../../config/app-config';
import { Department } from '../../departments/department.entity';
import { EmailAccount, MAIL_SECURITIES, MailSecurity } from '../../email-accounts/email-account.entity';
import { HelpTopic } from '../../help-topics/help-topic.entity';
import { FetchStatus } from '../../imap-fetch/mailbox-cursors.service';
import { Priority } from '../../tickets/priority.entity';
import { adminPage } from '../admin-nav';

/** The form's values as text: passwords are never among them (blank fields mean "keep"). */
export interface EmailAccountFormValues {
  address: string;
  name: string;
  departmentId: string;
  priorityId: string;
  helpTopicId: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: string;
  smtpUser: string;
  imapHost: string;
  imapPort: string;
  imapSecurity: string;
  imapUser: string;
  imapFolder: string;
  imapArchiveFolder: string;
  fetchEnabled: boolean;
  isActive: boolean;
}

export interface EmailAccountChoices {
  departments: Department[];
  priorities: Priority[];
  helpTopics: HelpTopic[];
}

const passwordHint = (saved: boolean) => (saved ? 'A password is saved: leave empty to keep it.' : 'Stored encrypted; never shown again.');
const SECURITY_LABELS: Record<MailSecurity, string> = { none: 'None (plain text)', starttls: 'STARTTLS (required)', tls: 'TLS/SSL from the start' };

/** View-models of the email accounts pages. */
@Injectable()
export class AdminEmailAccountsPresenter {
  constructor(private readonly config: AppConfig) {}

  url(path = ''): string {
    return `${this.config.basePath}/scp/admin/email-accounts${path}`;
  }

  /** `fetchStatus`: how fetching each account last went (accounts never fetched have no entry). */
  list(accounts: EmailAccount[], fetchStatus: Map<number, FetchStatus> = new Map()) {
    return {
      ...adminPage('email-accounts', this.config.basePath, 'Email Accounts'),
      newUrl: this.url('/new'),
      accounts: accounts.map((a) => ({
        address: a.address,
        name: a.name,
        departmentName: a.department?.name ?? null,
        sending: a.smtpHost ? `${a.smtpHost}` : 'Global SMTP',
        fetching: a.fetchEnabled && a.imapHost ? `${a.imapHost} / ${a.imapFolder}` : null,
        lastFetchAt: fetchStatus.get(a.id)?.lastFetchAt?.toISOString() ?? null,
        lastFetchError: fetchStatus.get(a.id)?.lastError ?? null,
        isActive: a.isActive,
        editUrl: this.url(`/${a.id}`),
      })),
    };
  }

  form(choices: EmailAccountChoices, values: EmailAccountFormValues, errors: FormErrors = {}, existing: EmailAccount | null = null) {
    const security = (selected: string) => MAIL_SECURITIES.map((s) => ({ id: s, name: SECURITY_LABELS[s], selected: s === selected }));
    return {
      ...adminPage('email-accounts', this.config.basePath, existing ? `Edit ${existing.address}` : 'New email account'),
      heading: existing ? `Email account ${existing.address}` : 'New email account',
      action: existing ? this.url(`/${existing.id}`) : this.url(),
      listUrl: this.url(),
      submitLabel: existing ? 'Save changes' : 'Add email account',
      form: { values, errors },
      departments: choices.departments.map((d) => ({ id: String(d.id), name: d.isActive ? d.name : `${d.name} (disabled)`, selected: false })),
      priorities: choices.priorities.map((p) => ({ id: String(p.id), name: p.name, selected: false })),
      helpTopics: choices.helpTopics.map((t) => ({ id: String(t.id), name: t.fullName, selected: false })),
      smtpSecurities: security(values.smtpSecurity),
      imapSecurities: security(values.imapSecurity),
      smtpPasswordSaved: existing?.smtpPassword != null,
      imapPasswordSaved: existing?.imapPassword != null,
      smtpPasswordHint: passwordHint(existing?.smtpPassword != null),
      imapPasswordHint: passwordHint(existing?.imapPassword != null),
      tests: existing ? { smtpUrl: this.url(`/${existing.id}/test-smtp`), imapUrl: this.url(`/${existing.id}/test-imap`), canImap: existing.imapHost !== null } : null,
      delete: existing ? { url: this.url(`/${existing.id}/delete`), confirm: `Delete the email account ${existing.address}? Mail to it is no longer fetched.` } : null,
    };
  }

  values(a: EmailAccount): EmailAccountFormValues {
    const str = (v: number | string | null) => (v === null ? '' : String(v));
    return {
      address: a.address, name: a.name, departmentId: str(a.departmentId), priorityId: str(a.priorityId), helpTopicId: str(a.helpTopicId),
      smtpHost: str(a.smtpHost), smtpPort: str(a.smtpPort), smtpSecurity: a.smtpSecurity, smtpUser: str(a.smtpUser),
      imapHost: str(a.imapHost), imapPort: str(a.imapPort), imapSecurity: a.imapSecurity, imapUser: str(a.imapUser),
      imapFolder: a.imapFolder, imapArchiveFolder: str(a.imapArchiveFolder), fetchEnabled: a.fetchEnabled, isActive: a.isActive,
    };
  }

  blank(): EmailAccountFormValues {
    return {
      address: '', name: '', departmentId: '', priorityId: '', helpTopicId: '', smtpHost: '', smtpPort: '', smtpSecurity: 'starttls', smtpUser: '',
      imapHost: '', imapPort: '', imapSecurity: 'tls', imapUser: '', imapFolder: 'INBOX', imapArchiveFolder: '', fetchEnabled: false, isActive: true,
    };
  }
}

/** What was typed (passwords left out: a refused form never echoes one back), to put back after a refusal. */
export function typedEmailAccountValues(body: Record<string, unknown>): EmailAccountFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const box = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value) === '1';
  return {
    address: text(body.address), name: text(body.name), departmentId: text(body.departmentId), priorityId: text(body.priorityId), helpTopicId: text(body.helpTopicId),
    smtpHost: text(body.smtpHost), smtpPort: text(body.smtpPort), smtpSecurity: text(body.smtpSecurity), smtpUser: text(body.smtpUser),
    imapHost: text(body.imapHost), imapPort: text(body.imapPort), imapSecurity: text(body.imapSecurity), imapUser: text(body.imapUser),
    imapFolder: text(body.imapFolder), imapArchiveFolder: text(body.imapArchiveFolder), fetchEnabled: box(body.fetchEnabled), isActive: box(body.isActive),
  };
}
