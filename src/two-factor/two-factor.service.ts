import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import { AuditActor, AuditService, staffActor } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, invalidField, notFound } from '../common/errors';
import { verifyPassword } from '../common/password';
import { AppConfig } from '../config/app-config';
import { Staff } from '../staff/staff.entity';
import { AgentScope } from '../tickets/ticket-access';
import { SECRET_BYTES } from './one-time-codes';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffTwoFactor } from './staff-two-factor.entity';
import { Enrolment, TwoFactorVerifier } from './two-factor-verifier';

/** Who acts, and from where (for the audit log and the throttle). */
export interface TwoFactorActor {
  scope: AgentScope;
  ip: string | undefined;
}

/** What the agent's two-factor page shows. `setup` only while a set-up waits for its first code. */
export type TwoFactorStatus =
  | { state: 'off' }
  | { state: 'pending'; setup: { secret: Buffer; issuer: string; label: string } }
  | { state: 'on'; enabledAt: Date; recoveryCodesLeft: number };

/** What turning two-factor login off asks for: the password, and a current code or a recovery code. */
export interface DisableInput {
  password: string;
  code: string;
  recoveryCode: string;
}

export const WRONG_CODE = 'That code is not right (or was already used). Enter the current code from your app.';
const LOCKED = 'Too many wrong attempts. Wait 15 minutes, then try again.';

/**
 * An agent's own two-factor login: set-up (pending until the first code confirms it), recovery codes,
 * and turning it off; plus an admin turning it off for an agent who lost their device. Wrong codes and
 * passwords count in the login throttle, so these forms cannot be used to guess codes either.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Staff) private readonly staff: Repository<Staff>,
    private readonly verifier: TwoFactorVerifier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async status(staffId: number): Promise<TwoFactorStatus> {
    const enrolment = await this.verifier.load(staffId);
    if (!enrolment) return { state: 'off' };
    if (enrolment.row.enabledAt) {
      return { state: 'on', enabledAt: enrolment.row.enabledAt, recoveryCodesLeft: await this.verifier.unusedRecoveryCodes(staffId) };
    }
    const agent = await this.staff.findOneByOrFail({ id: staffId });
    return { state: 'pending', setup: { secret: enrolment.secret, issuer: this.config.helpdeskName, label: agent.email } };
  }

  /** Whether the agent's two-factor login is on (for the agents admin page: show "Turn off two-factor login"). */
  async isOn(staffId: number): Promise<boolean> {
    return (await this.verifier.loadEnabled(staffId)) !== null;
  }

  /** Starts (or restarts) a set-up with a new random secret. Nothing changes at login until it is confirmed. */
  async startSetup(actor: TwoFactorActor): Promise<void> {
    const staffId = actor.scope.staffId;
    if (await this.verifier.loadEnabled(staffId)) throw new DomainError('conflict', 'Two-factor login is already on.');
    const secret = randomBytes(SECRET_BYTES);
    // An upsert, so a double-clicked "Set up" cannot collide on the primary key.
    const row = { staffId, secretEncrypted: this.verifier.encrypt(secret, staffId), enabledAt: null, lastUsedStep: null, createdAt: this.clock.now() };
    await this.db.transaction(async (m) => {
      await m.upsert(StaffTwoFactor, row, ['staffId']);
      await m.delete(StaffRecoveryCode, { staffId });
    });
  }

  async cancelSetup(actor: TwoFactorActor): Promise<void> {
    await this.db.getRepository(StaffTwoFactor).delete({ staffId: actor.scope.staffId, enabledAt: IsNull() });
  }

  /** Turns two-factor login on with the first right code; returns the recovery codes, to be shown once. */
  async confirm(actor: TwoFactorActor, code: string): Promise<string[]> {
    const enrolment = await this.verifier.load(actor.scope.staffId);
    if (!enrolment || enrolment.row.enabledAt) throw new DomainError('conflict', 'There is no set-up waiting for a code. Start the set-up again.');
    await this.requireCode(actor, enrolment, code);
    return this.db.transaction(async (m) => {
      await m.update(StaffTwoFactor, { staffId: actor.scope.staffId }, { enabledAt: this.clock.now() });
      const codes = await this.verifier.replaceRecoveryCodes(actor.scope.staffId, m);
      await this.audit.record(this.auditActor(actor), { action: 'auth.two_factor_enabled', target: self(actor) }, m);
      return codes;
    });
  }

  /** New recovery codes (the old ones stop working), against a current code; returned to be shown once. */
  async regenerateRecoveryCodes(actor: TwoFactorActor, code: string): Promise<string[]> {
    const enrolment = await this.enabled(actor);
    await this.requireCode(actor, enrolment, code);
    return this.db.transaction(async (m) => {
      const codes = await this.verifier.replaceRecoveryCodes(actor.scope.staffId, m);
      await this.audit.record(this.auditActor(actor), { action: 'auth.recovery_codes_regenerated', target: self(actor), after: { count: codes.length } }, m);
      return codes;
    });
  }

  /** Turns the agent's own two-factor login off: their password, then a current code or an unused recovery code. */
  async disable(actor: TwoFactorActor, input: DisableInput): Promise<void> {
    const staffId = actor.scope.staffId;
    const enrolment = await this.enabled(actor);
    await this.refuseWhenLocked(actor, 'password');
    const agent = await this.staff.createQueryBuilder('s').addSelect('s.passwordHash').where('s.id = :id', { id: staffId }).getOneOrFail();
    if (!input.password || !(await verifyPassword(agent.passwordHash, input.password))) {
      await this.verifier.recordFailure(this.auditActor(actor));
      throw invalidField('password', 'That password is not right.');
    }
    if (input.recoveryCode) {
      if (!(await this.verifier.spendRecoveryCode(staffId, input.recoveryCode))) {
        await this.verifier.recordFailure(this.auditActor(actor));
        throw invalidField('recoveryCode', 'That recovery code is not right, or was already used.');
      }
    } else {
      if (!input.code) throw invalidField('code', 'Enter the current code from your app, or one of your recovery codes.');
      await this.requireCode(actor, enrolment, input.code);
    }
    await this.db.transaction(async (m) => {
      await this.remove(m, staffId);
      await this.audit.record(this.auditActor(actor), { action: 'auth.two_factor_disabled', target: self(actor), after: { by: 'self' } }, m);
    });
  }

  /**
   * An admin turns an agent's two-factor login off (a lost phone): the agent logs in with the password
   * alone until they set it up again. Returns false when it was not on. Admins only; others get 404.
   */
  async disableFor(actor: TwoFactorActor, staffId: number): Promise<boolean> {
    if (!actor.scope.isAdmin) throw notFound();
    return this.db.transaction(async (m) => {
      const agent = await m.findOneBy(Staff, { id: staffId });
      if (!agent) throw notFound('agent');
      const removed = await this.remove(m, staffId);
      if (removed) {
        await this.audit.record(this.auditActor(actor), {
          action: 'auth.two_factor_disabled', target: { type: 'staff', id: agent.id, label: agent.name }, after: { by: 'admin' },
        }, m);
      }
      return removed;
    });
  }

  private async enabled(actor: TwoFactorActor): Promise<Enrolment> {
    const enrolment = await this.verifier.loadEnabled(actor.scope.staffId);
    if (!enrolment) throw new DomainError('conflict', 'Two-factor login is not on.');
    return enrolment;
  }

  private async requireCode(actor: TwoFactorActor, enrolment: Enrolment, code: string): Promise<void> {
    await this.refuseWhenLocked(actor, 'code');
    if (!code) throw invalidField('code', 'Enter the 6-digit code from your app.');
    if (await this.verifier.acceptCode(enrolment, code)) return this.verifier.recordSuccess(actor.scope.staffId, actor.ip ?? 'unknown');
    await this.verifier.recordFailure(this.auditActor(actor));
    throw invalidField('code', WRONG_CODE);
  }

  private async refuseWhenLocked(actor: TwoFactorActor, field: string): Promise<void> {
    if (await this.verifier.isLocked(actor.scope.staffId, actor.ip ?? 'unknown')) throw invalidField(field, LOCKED);
  }

  /** Deletes the secret and the recovery codes; true when there was a secret. */
  private async remove(m: EntityManager, staffId: number): Promise<boolean> {
    const result = await m.delete(StaffTwoFactor, { staffId });
    await m.delete(StaffRecoveryCode, { staffId });
    return (result.affected ?? 0) > 0;
  }

  private auditActor(actor: TwoFactorActor): AuditActor {
    return staffActor(actor.scope, actor.ip);
  }
}

const self = (actor: TwoFactorActor) => ({ type: 'staff', id: actor.scope.staffId, label: actor.scope.name });
