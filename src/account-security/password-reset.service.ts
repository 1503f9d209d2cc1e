import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { endAgentSessions } from '../auth/agent-sessions';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { hashPassword, verifyPassword } from '../common/password';
import { AppConfig } from '../config/app-config';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { Staff } from '../staff/staff.entity';
import { AttemptLimiter } from './attempt-limiter';
import { passwordResetMail } from './password-reset-mail';
import { PasswordResetToken } from './password-reset-token.entity';
import { passwordPolicyErrors } from './password-policy';
import { cancelResetLinks } from './reset-links';

const VALID_MINUTES = 30;
/** Reset mails per agent, and reset requests per address, within an hour. */
const PER_ACCOUNT = { max: 3, windowMinutes: 60 };
const PER_ADDRESS = { max: 10, windowMinutes: 60 };
/** 32 random bytes in base64url. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** The link is unknown, expired or already used: the page answers 410. */
export class ResetLinkGone extends Error {
  constructor() {
    super('This link has expired or was already used.');
    this.name = 'ResetLinkGone';
  }
}

export interface ResetLink {
  tokenId: number;
  staffId: number;
  username: string;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** The login throttle's per-account key for a username or email. */
const loginLockKey = (login: string) => LoginThrottleService.keys(login, '').account;

/** "Forgot your password?": a single-use, 30-minute link by mail (SECURITY 11). */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailOutboxService,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Mails a reset link to the agent with that username or email, if there is one who may log in and
   * the per-agent and per-address limits allow. Returns nothing either way: the visitor always gets the
   * same answer, so the form never tells who has an account.
   */
  async request(login: string, ip: string): Promise<void> {
    if (!(await this.limiter.take(`reset-ip:${ip}`, PER_ADDRESS))) return;
    const value = login.trim().toLowerCase();
    const agent = await this.db.getRepository(Staff).createQueryBuilder('s').where('LOWER(s.username) = :value OR s.email = :value', { value }).getOne();
    // CASE: a disabled or admin-locked agent gets no mail; a reset must not undo the admin's decision.
    if (!agent || !agent.isActive || agent.isLocked) return;
    if (!(await this.limiter.take(`reset-account:${agent.id}`, PER_ACCOUNT))) return;

    const token = randomBytes(32).toString('base64url');
    await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const tokens = manager.getRepository(PasswordResetToken);
      await tokens.save(tokens.create({
        staffId: agent.id, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + VALID_MINUTES * 60_000),
        usedAt: null, createdAt: now, requestedIp: ip.slice(0, 64),
      }));
      await this.mail.enqueue(manager, passwordResetMail({
        helpdeskName: this.config.helpdeskName, agentName: agent.name, username: agent.username, email: agent.email,
        link: `${this.config.publicUrl}/scp/password-reset/${token}`, validMinutes: VALID_MINUTES,
      }));
      await this.audit.record({ type: 'staff', id: agent.id, name: agent.name, ip }, {
        action: 'auth.password_reset_requested', target: { type: 'staff', id: agent.id, label: agent.username },
      }, manager);
    });
    this.mail.kick();
  }

  /** The agent a link resets, while it is unused, unexpired and the agent may still log in; else ResetLinkGone. */
  async open(token: string): Promise<ResetLink> {
    if (!TOKEN_FORMAT.test(token)) throw new ResetLinkGone();
    const row = await this.db.getRepository(PasswordResetToken).findOne({
      where: { tokenHash: sha256(token), usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
      relations: { staff: true },
    });
    if (!row || !row.staff.isActive || row.staff.isLocked) throw new ResetLinkGone();
    return { tokenId: row.id, staffId: row.staffId, username: row.staff.username };
  }

  /**
   * Sets a new password from a reset link: the policy applies (a refusal leaves the link usable); the
   * link is used up atomically (two tabs cannot both use it), every other link of the agent is voided,
   * all their sessions end, "must change password" clears, `auth.password_reset` is audited, and the
   * login lock on the agent's username and email is lifted.
   */
  async complete(token: string, input: { password: string; confirm: string }, ip: string | undefined): Promise<void> {
    const link = await this.open(token);
    const staff = await this.db.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id: link.staffId }).getOneOrFail();
    const errors = passwordPolicyErrors({
      password: input.password, confirm: input.confirm, username: staff.username, email: staff.email,
      sameAsCurrent: await verifyPassword(staff.passwordHash, input.password),
    });
    if (Object.keys(errors).length > 0) throw new DomainError('validation_failed', Object.values(errors)[0], errors);

    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const tokens = manager.getRepository(PasswordResetToken);
      const claimed = await tokens.update({ id: link.tokenId, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now });
      if (claimed.affected !== 1) throw new ResetLinkGone();
      await cancelResetLinks(manager, staff.id, now);
      await manager.getRepository(Staff).update({ id: staff.id }, { passwordHash, mustChangePassword: false, updatedAt: now });
      const ended = await endAgentSessions(manager, staff.id);
      await this.audit.record({ type: 'staff', id: staff.id, name: staff.name, ip: ip ?? null }, {
        action: 'auth.password_reset', target: { type: 'staff', id: staff.id, label: staff.username }, after: { sessionsEnded: ended },
      }, manager);
    });
    await this.limiter.clear(loginLockKey(staff.username), loginLockKey(staff.email));
  }
}
