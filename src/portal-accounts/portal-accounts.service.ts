import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { BanListService } from '../abuse/ban-list.service';
import { passwordPolicyErrors } from '../account-security/password-policy';
import { AuditActor, AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { hashPassword, timingSafeDummyHash, verifyPassword } from '../common/password';
import { hashSecretToken, newSecretToken } from '../common/secret-token';
import { AppConfig } from '../config/app-config';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SettingsService } from '../settings/settings.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { accountMails } from './account-mails';
import { AccountTokenPurpose, PortalAccount, PortalAccountToken } from './portal-accounts.entities';

/** How long each kind of link works. */
const VALID_MINUTES: Record<AccountTokenPurpose, number> = { verify: 24 * 60, reset: 30, invite: 7 * 24 * 60 };
const VALID_LABEL: Record<AccountTokenPurpose, string> = { verify: '24 hours', reset: '30 minutes', invite: '7 days' };
const PATHS: Record<AccountTokenPurpose, string> = { verify: '/account/verify', reset: '/account/password-reset', invite: '/account/invite' };
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{20,64}$/;
export const LOGIN_FAILED = 'The email address or password is not right, or the account is not confirmed yet.';
export const BANNED_SIGN_UP = 'We cannot create an account for this email address. Please contact us another way.';

/** A used, expired or unknown link: the page answers 410 and tells nothing more. */
export const linkGone = () => new DomainError('gone', 'This link has expired or was already used.');

export interface NewPassword {
  password: string;
  confirm: string;
}

/**
 * Portal accounts of end users (issue #6 item 1): sign-up with a confirmation mail, login, password
 * reset and invitations. Every link is random, stored hashed, single use and expiring (SECURITY 11);
 * no answer tells whether an address has an account.
 */
@Injectable()
export class PortalAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly mail: MailOutboxService,
    private readonly settings: SettingsService,
    private readonly bans: BanListService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** Whether visitors may sign up themselves (the `clientRegistration` setting is 'public'). */
  async signUpOpen(): Promise<boolean> {
    return (await this.settings.get()).clientRegistration === 'public';
  }

  /** Whether the portal offers sign-in at all (any mode but guests only). */
  async accountsEnabled(): Promise<boolean> {
    return (await this.settings.get()).clientRegistration !== 'guests';
  }

  /**
   * Public sign-up: the password policy applies and a banned address is refused (422). Otherwise the
   * answer is always the same: a new or unconfirmed account gets a confirmation link; an existing,
   * confirmed one gets a note pointing to the password reset (nothing about it changes).
   */
  async signUp(input: { email: string; name: string } & NewPassword): Promise<void> {
    if (!(await this.signUpOpen())) throw notFound();
    const email = input.email.trim().toLowerCase();
    if (await this.bans.isBanned(email)) throw invalidField('email', BANNED_SIGN_UP);
    const errors = passwordPolicyErrors({ ...input, username: '', email, sameAsCurrent: false });
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (manager) => {
      const user = await this.users.findOrCreate({ email, name: input.name }, manager);
      const account = await manager.getRepository(PortalAccount).findOneBy({ userId: user.id });
      const now = this.clock.now();
      if (account?.verifiedAt) {
        const link = `${this.config.publicUrl}${PATHS.reset}`;
        await this.mail.enqueue(manager, accountMails.alreadyRegistered({ ...this.facts(user, link), validFor: '' }));
        return;
      }
      // CASE: an unconfirmed sign-up is replaced by the newest one; only the mailbox owner can confirm it.
      await manager.getRepository(PortalAccount).save({ userId: user.id, passwordHash, verifiedAt: null, createdAt: account?.createdAt ?? now, updatedAt: now });
      await this.sendLink(manager, user, 'verify');
    });
    this.mail.kick();
  }

  /** Confirms the address of a sign-up (POST from the link's page); a used or expired link is 410. */
  async verify(token: string): Promise<User> {
    return this.db.transaction(async (manager) => {
      const row = await this.claim(manager, token, 'verify');
      await manager.getRepository(PortalAccount).update({ userId: row.userId }, { verifiedAt: this.clock.now(), updatedAt: this.clock.now() });
      return manager.getRepository(User).findOneByOrFail({ id: row.userId });
    });
  }

  /** Whether a link still works (for the GET page in front of its form). Throws 410 otherwise. */
  async checkLink(token: string, purpose: AccountTokenPurpose): Promise<User> {
    const row = TOKEN_FORMAT.test(token) ? await this.db.getRepository(PortalAccountToken).findOne({
      where: { tokenHash: hashSecretToken(token), purpose, usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
      relations: { user: true },
    }) : null;
    if (!row) throw linkGone();
    return row.user;
  }

  /** The user behind a right email and password of a confirmed account; one generic refusal otherwise (422). */
  async login(email: string, password: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    const account = user ? await this.db.getRepository(PortalAccount).createQueryBuilder('a').addSelect('a.passwordHash').where('a.userId = :id', { id: user.id }).getOne() : null;
    // Same work whether or not the account exists, so timing tells nothing either.
    const ok = await verifyPassword(account?.passwordHash ?? (await timingSafeDummyHash()), password);
    if (!user || !account?.passwordHash || !account.verifiedAt || !ok) throw new DomainError('validation_failed', LOGIN_FAILED, { password: LOGIN_FAILED });
    return user;
  }

  /** "Forgot your password?": a reset link to a confirmed or invited account; nothing for anyone else. Same answer either way. */
  async requestReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    const account = user ? await this.db.getRepository(PortalAccount).findOneBy({ userId: user.id }) : null;
    if (!user || !account || (await this.bans.isBanned(user.email))) return;
    await this.db.transaction((manager) => this.sendLink(manager, user, 'reset'));
    this.mail.kick();
  }

  /**
   * Sets the password from a reset or invitation link: the policy applies (a refusal leaves the link
   * usable); the link is used up atomically and the others of its kind voided; the address counts as
   * confirmed (the link came by mail).
   */
  async setPassword(token: string, purpose: 'reset' | 'invite', input: NewPassword): Promise<User> {
    const user = await this.checkLink(token, purpose);
    const errors = passwordPolicyErrors({ ...input, username: '', email: user.email, sameAsCurrent: false });
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (manager) => {
      const row = await this.claim(manager, token, purpose);
      const now = this.clock.now();
      await manager.getRepository(PortalAccountToken).update({ userId: row.userId, purpose, usedAt: IsNull() }, { usedAt: now });
      await manager.getRepository(PortalAccount).update({ userId: row.userId }, { passwordHash, verifiedAt: now, updatedAt: now });
      return user;
    });
  }

  /**
   * An agent invites an end user (invitation mode, or any mode with accounts): the user is found or
   * created, gets an account without a password and a 7-day link to choose one. Audited. A banned
   * address is refused (422).
   */
  async invite(actor: AuditActor, input: { email: string; name: string }): Promise<User> {
    if (!(await this.accountsEnabled())) throw new DomainError('invalid_transition', 'Portal accounts are off: set “Who may use the portal” to public or by invitation first.');
    if (await this.bans.isBanned(input.email)) throw invalidField('email', BANNED_SIGN_UP);
    const user = await this.db.transaction(async (manager) => {
      const user = await this.users.findOrCreate({ email: input.email, name: input.name }, manager);
      const accounts = manager.getRepository(PortalAccount);
      const now = this.clock.now();
      if (!(await accounts.existsBy({ userId: user.id }))) await accounts.insert({ userId: user.id, passwordHash: null, verifiedAt: null, createdAt: now, updatedAt: now });
      await this.sendLink(manager, user, 'invite');
      await this.audit.record(actor, { action: 'portal_account.invited', target: { type: 'user', id: user.id, label: user.email } }, manager);
      return user;
    });
    this.mail.kick();
    return user;
  }

  private async sendLink(manager: EntityManager, user: User, purpose: AccountTokenPurpose): Promise<void> {
    const token = newSecretToken('url');
    const now = this.clock.now();
    await manager.getRepository(PortalAccountToken).insert({
      tokenHash: hashSecretToken(token), userId: user.id, purpose, expiresAt: new Date(now.getTime() + VALID_MINUTES[purpose] * 60_000), usedAt: null, createdAt: now,
    });
    const facts = { ...this.facts(user, `${this.config.publicUrl}${PATHS[purpose]}/${token}`), validFor: VALID_LABEL[purpose] };
    await this.mail.enqueue(manager, accountMails[purpose](facts));
  }

  /** Uses up a live link of this purpose (the conditional update decides races between two tabs); 410 otherwise. */
  private async claim(manager: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<PortalAccountToken> {
    if (!TOKEN_FORMAT.test(token)) throw linkGone();
    const repo = manager.getRepository(PortalAccountToken);
    const now = this.clock.now();
    const row = await repo.findOneBy({ tokenHash: hashSecretToken(token), purpose });
    if (!row) throw linkGone();
    const claimed = await repo.update({ id: row.id, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
    if (claimed.affected !== 1) throw linkGone();
    return row;
  }

  private facts(user: User, link: string) {
    return { helpdeskName: this.config.helpdeskName, name: user.name, email: user.email, link };
  }
}
