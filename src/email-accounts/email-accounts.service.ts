import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Not, Repository } from 'typeorm';
import { AuditActor, AuditService, changedFields } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { isConstraintViolation } from '../common/database-errors';
import { DomainError, invalidField, notFound } from '../common/errors';
import { Department } from '../departments/department.entity';
import { HelpTopic } from '../help-topics/help-topic.entity';
import { Priority } from '../tickets/priority.entity';
import { EmailAccount, MailSecurity } from './email-account.entity';
import { defaultPort, ImapSettings, SmtpSettings } from './mailbox-settings';
import { MailPasswordCipher, MailPasswordKind } from './password-cipher';

/** What the admin form submits. A password of null keeps the stored one; '' with `clear` removes it. */
export interface EmailAccountInput {
  address: string;
  name: string;
  departmentId: number | null;
  priorityId: number | null;
  helpTopicId: number | null;
  smtpHost: string | null;
  smtpPort: number | null;
  smtpSecurity: MailSecurity;
  smtpUser: string | null;
  /** null: keep the stored password. */
  smtpPassword: string | null;
  clearSmtpPassword: boolean;
  imapHost: string | null;
  imapPort: number | null;
  imapSecurity: MailSecurity;
  imapUser: string | null;
  imapPassword: string | null;
  clearImapPassword: boolean;
  imapFolder: string;
  imapArchiveFolder: string | null;
  fetchEnabled: boolean;
  isActive: boolean;
}

export const EMAIL_ACCOUNTS_LIST_LIMIT = 500;

/**
 * The help desk's mailboxes. Addresses are unique and lower-case. Passwords are encrypted at rest and
 * only ever decrypted to open a connection (imapSettings / smtpSettings): no page shows them.
 */
@Injectable()
export class EmailAccountsService {
  constructor(
    @InjectRepository(EmailAccount) private readonly accounts: Repository<EmailAccount>,
    private readonly dataSource: DataSource,
    private readonly cipher: MailPasswordCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private readonly changeListeners: ((id: number) => void)[] = [];

  /** Called with the account id after an account is edited or deleted (outgoing mail drops its connection). */
  onSettingsChanged(listener: (id: number) => void): void {
    this.changeListeners.push(listener);
  }

  private changed(id: number): void {
    for (const listener of this.changeListeners) listener(id);
  }

  /** The admin list, by address (a help desk has a handful of mailboxes; capped all the same). */
  list(): Promise<EmailAccount[]> {
    return this.accounts.find({ relations: { department: true }, order: { address: 'ASC' }, take: EMAIL_ACCOUNTS_LIST_LIMIT });
  }

  async get(id: number): Promise<EmailAccount> {
    const account = await this.accounts.findOne({ where: { id }, relations: { department: true, priority: true, helpTopic: true } });
    if (!account) throw notFound('email account');
    return account;
  }

  /** Whether an active account sends through its own SMTP server (mail is then delivered even without SMTP_URL). */
  anySending(): Promise<boolean> {
    return this.accounts.existsBy({ isActive: true, smtpHost: Not(IsNull()) });
  }

  /** The mailbox with this address (any case), active or not, or null: intake reads its ticket defaults. */
  findByAddress(address: string): Promise<EmailAccount | null> {
    const normalized = normalizeAddress(address);
    if (!normalized) return Promise.resolve(null);
    return this.accounts.findOneBy({ address: normalized });
  }

  /** Active mailboxes with fetching on and an IMAP host: what the fetch job polls. */
  async listFetchable(): Promise<EmailAccount[]> {
    const rows = await this.accounts.find({ where: { fetchEnabled: true, isActive: true }, order: { id: 'ASC' } });
    return rows.filter((a) => a.imapHost !== null && a.imapHost !== '');
  }

  /**
   * How to reach the mailbox over IMAP, password decrypted, shaped for `new ImapFlow({ ...s.connection })`.
   * Refuses (409) a mailbox without an IMAP host, or whose password no longer decrypts.
   */
  async imapSettings(id: number): Promise<ImapSettings> {
    const account = await this.get(id);
    if (!account.imapHost) throw new DomainError('conflict', 'This email account has no IMAP server.');
    const pass = this.password(account, 'imap');
    return {
      accountId: account.id,
      address: account.address,
      connection: {
        host: account.imapHost,
        port: account.imapPort ?? defaultPort('imap', account.imapSecurity),
        secure: account.imapSecurity === 'tls',
        doSTARTTLS: account.imapSecurity === 'starttls' ? true : account.imapSecurity === 'none' ? false : undefined,
        auth: { user: account.imapUser ?? account.address, pass: pass ?? '' },
      },
      folder: account.imapFolder,
      archiveFolder: account.imapArchiveFolder,
      defaults: { departmentId: account.departmentId, priorityId: account.priorityId, helpTopicId: account.helpTopicId },
    };
  }

  /** The mailbox's own SMTP server (nodemailer options), or null when it sends through the global SMTP_URL. */
  async smtpSettings(id: number): Promise<SmtpSettings | null> {
    const account = await this.get(id);
    if (!account.smtpHost) return null;
    const pass = this.password(account, 'smtp');
    return {
      host: account.smtpHost,
      port: account.smtpPort ?? defaultPort('smtp', account.smtpSecurity),
      secure: account.smtpSecurity === 'tls',
      requireTLS: account.smtpSecurity === 'starttls',
      ignoreTLS: account.smtpSecurity === 'none',
      ...(account.smtpUser ? { auth: { user: account.smtpUser, pass: pass ?? '' } } : {}),
    };
  }

  async create(actor: AuditActor, input: EmailAccountInput): Promise<EmailAccount> {
    return this.write(async (manager) => {
      await this.checkInput(manager, input, null);
      const now = this.clock.now();
      const repo = manager.getRepository(EmailAccount);
      const saved = await repo.save(repo.create({ ...this.columns(input, null), createdAt: now, updatedAt: now }));
      await this.audit.record(actor, { action: 'email_account.created', target: target(saved), after: snapshot(saved) }, manager);
      return saved;
    });
  }

  async update(actor: AuditActor, id: number, input: EmailAccountInput): Promise<EmailAccount> {
    const updated = await this.write(async (manager) => {
      const repo = manager.getRepository(EmailAccount);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('email account');
      await this.checkInput(manager, input, id);
      const before = snapshot(current);
      const columns = { ...this.columns(input, current), updatedAt: this.clock.now() };
      await repo.update({ id }, columns);
      Object.assign(current, columns);
      const changes = changedFields(before, snapshot(current));
      const credentials = [input.smtpPassword !== null || input.clearSmtpPassword ? 'smtp' : null, input.imapPassword !== null || input.clearImapPassword ? 'imap' : null].filter(Boolean);
      if (Object.keys(changes.after).length > 0 || credentials.length > 0) {
        await this.audit.record(actor, {
          action: 'email_account.updated', target: target(current), before: changes.before,
          after: { ...changes.after, ...(credentials.length > 0 ? { credentialsChanged: credentials.join(', ') } : {}) },
        }, manager);
      }
      return current;
    });
    this.changed(id);
    return updated;
  }

  async delete(actor: AuditActor, id: number): Promise<EmailAccount> {
    const deleted = await this.write(async (manager) => {
      const repo = manager.getRepository(EmailAccount);
      const current = await repo.findOneBy({ id });
      if (!current) throw notFound('email account');
      await repo.delete({ id });
      await this.audit.record(actor, { action: 'email_account.deleted', target: target(current), before: snapshot(current) }, manager);
      return current;
    });
    this.changed(id);
    return deleted;
  }

  /** Choices for the default department, priority and help topic fields. */
  async choices(): Promise<{ departments: Department[]; priorities: Priority[]; helpTopics: HelpTopic[] }> {
    const manager = this.dataSource.manager;
    const [departments, priorities, helpTopics] = await Promise.all([
      manager.find(Department, { order: { name: 'ASC' } }),
      manager.find(Priority, { order: { urgency: 'ASC' } }),
      manager.find(HelpTopic, { order: { fullName: 'ASC' } }),
    ]);
    return { departments, priorities, helpTopics };
  }

  private password(account: EmailAccount, kind: MailPasswordKind): string | null {
    const stored = kind === 'smtp' ? account.smtpPassword : account.imapPassword;
    if (stored === null) return null;
    const plain = this.cipher.decrypt(stored, kind);
    if (plain === null) {
      throw new DomainError('conflict', `The saved ${kind.toUpperCase()} password of ${account.address} can no longer be read (the session secret changed?): enter it again.`);
    }
    return plain;
  }

  private columns(input: EmailAccountInput, current: EmailAccount | null): Partial<EmailAccount> {
    const secret = (kind: MailPasswordKind, typed: string | null, clear: boolean, stored: string | null) =>
      typed !== null ? this.cipher.encrypt(typed, kind) : clear ? null : stored;
    return {
      address: normalizeAddress(input.address) ?? input.address,
      name: input.name,
      departmentId: input.departmentId, priorityId: input.priorityId, helpTopicId: input.helpTopicId,
      smtpHost: input.smtpHost, smtpPort: input.smtpPort, smtpSecurity: input.smtpSecurity, smtpUser: input.smtpUser,
      smtpPassword: secret('smtp', input.smtpPassword, input.clearSmtpPassword, current?.smtpPassword ?? null),
      imapHost: input.imapHost, imapPort: input.imapPort, imapSecurity: input.imapSecurity, imapUser: input.imapUser,
      imapPassword: secret('imap', input.imapPassword, input.clearImapPassword, current?.imapPassword ?? null),
      imapFolder: input.imapFolder, imapArchiveFolder: input.imapArchiveFolder,
      fetchEnabled: input.fetchEnabled, isActive: input.isActive,
    };
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (err) {
      if (isConstraintViolation(err, 'unique')) throw addressTaken();
      throw err;
    }
  }

  private async checkInput(manager: EntityManager, input: EmailAccountInput, id: number | null): Promise<void> {
    const address = normalizeAddress(input.address);
    if (!address) throw invalidField('address', 'Enter an email address, like support@example.com.');
    const taken = await manager.findOneBy(EmailAccount, { address });
    if (taken && taken.id !== id) throw addressTaken();
    const exists = async (entity: typeof Department | typeof Priority | typeof HelpTopic, value: number | null) =>
      value === null || (await manager.getRepository(entity).existsBy({ id: value }));
    if (!(await exists(Department, input.departmentId))) throw invalidField('departmentId', 'Choose a department from the list.');
    if (!(await exists(Priority, input.priorityId))) throw invalidField('priorityId', 'Choose a priority from the list.');
    if (!(await exists(HelpTopic, input.helpTopicId))) throw invalidField('helpTopicId', 'Choose a help topic from the list.');
    if (input.fetchEnabled && !input.imapHost) throw invalidField('imapHost', 'Enter the IMAP server to fetch mail from, or turn fetching off.');
  }
}

/** Lower-case, trimmed, and shaped like an address (one @, no spaces or brackets); null otherwise. */
export function normalizeAddress(address: string): string | null {
  const value = address.trim().toLowerCase();
  return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(value) && value.length <= 191 ? value : null;
}

const addressTaken = () => invalidField('address', 'Another email account already has this address.');
const target = (a: EmailAccount) => ({ type: 'email_account', id: a.id, label: a.address });
/** What the audit log keeps: everything but the passwords. */
const snapshot = (a: EmailAccount): Record<string, unknown> => ({
  address: a.address, name: a.name, departmentId: a.departmentId, priorityId: a.priorityId, helpTopicId: a.helpTopicId,
  smtpHost: a.smtpHost, smtpPort: a.smtpPort, smtpSecurity: a.smtpSecurity, smtpUser: a.smtpUser,
  imapHost: a.imapHost, imapPort: a.imapPort, imapSecurity: a.imapSecurity, imapUser: a.imapUser,
  imapFolder: a.imapFolder, imapArchiveFolder: a.imapArchiveFolder, fetchEnabled: a.fetchEnabled, isActive: a.isActive,
});
